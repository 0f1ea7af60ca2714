//! Record keys: none, the sample's value text (the `hash` rule), or one of a pool of
//! 10,000 short keys (the `keys:` rules, OMB's key distributors): 7 pseudo-random
//! bytes each, base64url without padding (10 characters, as OMB's keys), taken in turn
//! or at random by the sample's sequence number, so that the Partitioner and the
//! Producer agree on a record's key without passing it along.

use base64::Engine;

/// How records take their keys from the key pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOrder {
    /// One after another.
    Turn,
    /// At random (a hash of the sample's sequence number).
    Random,
}

/// What records are keyed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    None,
    /// The value's text.
    Value,
    Pool(KeyOrder),
}

/// Keys in the pool, as OMB's `KeyDistributor`.
pub const POOL_KEYS: u64 = 10_000;

/// SplitMix64: a well-spread 64-bit hash of `x`.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The pool key of the sample numbered `seq`.
pub fn pool_key(order: KeyOrder, seq: u64) -> [u8; 10] {
    let index = match order {
        // OMB's first key is its second (it advances before it reads).
        KeyOrder::Turn => (seq + 1) % POOL_KEYS,
        KeyOrder::Random => mix(seq) % POOL_KEYS,
    };
    let bytes = mix(index ^ 0x6b61_666b_612d_6c61).to_le_bytes();
    let mut key = [0u8; 10];
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode_slice(&bytes[..7], &mut key)
        .expect("7 bytes are 10 characters");
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_keys_are_omb_s_shape() {
        let key = pool_key(KeyOrder::Turn, 0);
        assert!(key
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_'));
        assert_eq!(
            pool_key(KeyOrder::Turn, 0),
            pool_key(KeyOrder::Turn, POOL_KEYS)
        );
        assert_ne!(pool_key(KeyOrder::Turn, 0), pool_key(KeyOrder::Turn, 1));
        assert_ne!(pool_key(KeyOrder::Random, 0), pool_key(KeyOrder::Random, 1));
    }
}
