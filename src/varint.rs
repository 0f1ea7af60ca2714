//! LEB128 varints, as Kafka's record format and kafka-lab's tracking header write
//! them: unsigned (7 bits a byte, low bits first, the high bit on every byte but the
//! last; at most 10 bytes) and zig-zag signed.

use bytes::{Buf, BufMut};

pub fn put_unsigned(buf: &mut impl BufMut, mut n: u64) {
    while n >= 0x80 {
        buf.put_u8(n as u8 | 0x80);
        n >>= 7;
    }
    buf.put_u8(n as u8);
}

/// An unsigned varint off the front of `buf`, or `None` if it runs past the end or
/// past 64 bits.
pub fn get_unsigned(buf: &mut impl Buf) -> Option<u64> {
    let mut n = 0u64;
    for i in 0..10 {
        let byte = buf.try_get_u8().ok()?;
        let bits = u64::from(byte & 0x7f);
        if i == 9 && bits > 1 {
            return None;
        }
        n |= bits << (7 * i);
        if byte & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

pub fn put_signed(buf: &mut impl BufMut, v: i64) {
    put_unsigned(buf, zigzag(v));
}

/// A zig-zag varint off the front of `buf` (see [`get_unsigned`]).
pub fn get_signed(buf: &mut impl Buf) -> Option<i64> {
    let z = get_unsigned(buf)?;
    Some((z >> 1) as i64 ^ -((z & 1) as i64))
}

/// Bytes of `v` as a zig-zag varint.
pub fn signed_len(v: i64) -> usize {
    (64 - zigzag(v).max(1).leading_zeros() as usize).div_ceil(7)
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_match_their_length() {
        for v in [
            0,
            1,
            -1,
            63,
            64,
            -64,
            -65,
            8191,
            8192,
            i32::MAX.into(),
            i64::MIN,
            i64::MAX,
        ] {
            let mut buf = Vec::new();
            put_signed(&mut buf, v);
            assert_eq!(buf.len(), signed_len(v), "{v}");
            assert_eq!(get_signed(&mut &buf[..]), Some(v), "{v}");
        }
    }

    #[test]
    fn varints_at_their_edges() {
        for (n, len) in [
            (0, 1),
            (127, 1),
            (128, 2),
            (16_383, 2),
            (16_384, 3),
            (u64::from(u32::MAX), 5),
            (u64::MAX, 10),
        ] {
            let mut out = Vec::new();
            put_unsigned(&mut out, n);
            assert_eq!(out.len(), len, "{n}");
            let mut rest = &out[..];
            assert_eq!(get_unsigned(&mut rest), Some(n));
            assert!(rest.is_empty());
        }
        // Past 64 bits, unterminated, or an eleventh byte: not a number.
        let mut too_big = vec![0xff; 9];
        too_big.push(0x02);
        for bad in [&too_big[..], &[0x80, 0x80][..], &[0xff; 11][..], &[][..]] {
            assert_eq!(get_unsigned(&mut &bad[..]), None, "{bad:?}");
        }
    }
}
