// Reads an HdrHistogram interval log with HdrHistogram's own Java HistogramLogReader
// and prints, per tag: the number of interval histograms, their total count and the
// largest value seen. Run as a single-file program:
//   java -cp HdrHistogram-2.2.2.jar tests/java/ReadHlog.java latency.hlog
import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

public class ReadHlog {
    public static void main(String[] args) throws Exception {
        HistogramLogReader reader = new HistogramLogReader(new File(args[0]));
        Map<String, long[]> tags = new TreeMap<>();
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            Histogram histogram = (Histogram) h;
            long[] t = tags.computeIfAbsent(histogram.getTag(), k -> new long[3]);
            t[0] += 1;
            t[1] += histogram.getTotalCount();
            t[2] = Math.max(t[2], histogram.getMaxValue());
        }
        for (Map.Entry<String, long[]> e : tags.entrySet()) {
            long[] t = e.getValue();
            System.out.println(e.getKey() + " " + t[0] + " " + t[1] + " " + t[2]);
        }
    }
}
