use super::{DefaultOnBodyChunk, DefaultOnEos, DefaultOnFailure, OnBodyChunk, OnEos, OnFailure};
use crate::body::{Frame, SizeHint, StreamingBody};
use crate::layer::classify::ClassifyEos;
use pin_project_lite::pin_project;
use rama_core::futures::ready;
use rama_core::telemetry::tracing::Span;
use std::{
    fmt,
    pin::Pin,
    task::{Context, Poll},
    time::Instant,
};

pin_project! {
    /// Response body for [`Trace`].
    ///
    /// [`Trace`]: super::Trace
    pub struct ResponseBody<B, C, OnBodyChunk = DefaultOnBodyChunk, OnEos = DefaultOnEos, OnFailure = DefaultOnFailure> {
        #[pin]
        pub(crate) inner: B,
        pub(crate) classify_eos: Option<C>,
        pub(crate) on_eos: Option<(OnEos, Instant)>,
        pub(crate) on_body_chunk: OnBodyChunk,
        pub(crate) on_failure: Option<OnFailure>,
        pub(crate) start: Instant,
        pub(crate) span: Span,
    }
}

impl<B, C, OnBodyChunkT, OnEosT, OnFailureT> StreamingBody
    for ResponseBody<B, C, OnBodyChunkT, OnEosT, OnFailureT>
where
    B: StreamingBody<Error: fmt::Display>,
    C: ClassifyEos,
    OnEosT: OnEos,
    OnBodyChunkT: OnBodyChunk<B::Data>,
    OnFailureT: OnFailure<C::FailureClass>,
{
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let mut this = self.project();
        let _guard = this.span.enter();
        let result = ready!(this.inner.as_mut().poll_frame(cx));

        let latency = this.start.elapsed();
        *this.start = Instant::now();

        match result {
            Some(Ok(frame)) => {
                let frame = match frame.into_data() {
                    Ok(chunk) => {
                        this.on_body_chunk.on_body_chunk(&chunk, latency, this.span);
                        Frame::data(chunk)
                    }
                    Err(frame) => frame,
                };

                let frame = match frame.into_trailers() {
                    Ok(trailers) => {
                        if let Some((classify_eos, on_failure)) =
                            this.classify_eos.take().zip(this.on_failure.take())
                            && let Err(failure_class) = classify_eos.classify_eos(Some(&trailers))
                        {
                            on_failure.on_failure(failure_class, latency, this.span);
                        }
                        if let Some((on_eos, stream_start)) = this.on_eos.take() {
                            on_eos.on_eos(Some(&trailers), stream_start.elapsed(), this.span);
                        }
                        Frame::trailers(trailers)
                    }
                    Err(frame) => frame,
                };

                // If the inner body signals end-of-stream after this frame,
                // fire on_eos now since the consumer may not poll again (e.g.
                // when Content-Length is exact).
                if this.inner.is_end_stream() {
                    if let Some((classify_eos, on_failure)) =
                        this.classify_eos.take().zip(this.on_failure.take())
                        && let Err(failure_class) = classify_eos.classify_eos(None)
                    {
                        on_failure.on_failure(failure_class, latency, this.span);
                    }
                    if let Some((on_eos, stream_start)) = this.on_eos.take() {
                        on_eos.on_eos(None, stream_start.elapsed(), this.span);
                    }
                }

                Poll::Ready(Some(Ok(frame)))
            }
            Some(Err(err)) => {
                if let Some((classify_eos, on_failure)) =
                    this.classify_eos.take().zip(this.on_failure.take())
                {
                    let failure_class = classify_eos.classify_error(&err);
                    on_failure.on_failure(failure_class, latency, this.span);
                }

                Poll::Ready(Some(Err(err)))
            }
            None => {
                if let Some((on_eos, stream_start)) = this.on_eos.take() {
                    on_eos.on_eos(None, stream_start.elapsed(), this.span);
                }

                Poll::Ready(None)
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
