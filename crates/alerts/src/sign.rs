//! Webhook signatures per the Standard Webhooks convention: the signed content is
//! `{webhook-id}.{webhook-timestamp}.{body}`, the signature HMAC-SHA256 with the secret,
//! sent as `webhook-signature: v1,<base64>`. A secret written `whsec_<base64>` is the
//! decoded bytes; any other text is used as it is.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

const BLOCK: usize = 64;

/// HMAC-SHA256 (RFC 2104).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(message);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

/// The key bytes of a secret.
pub fn secret_key(secret: &str) -> Vec<u8> {
    match secret.strip_prefix("whsec_") {
        Some(b64) => STANDARD
            .decode(b64.trim())
            .unwrap_or_else(|_| secret.as_bytes().to_vec()),
        None => secret.as_bytes().to_vec(),
    }
}

/// The `webhook-signature` header value for a message.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut content = format!("{id}.{timestamp}.").into_bytes();
    content.extend_from_slice(body);
    format!(
        "v1,{}",
        STANDARD.encode(hmac_sha256(&secret_key(secret), &content))
    )
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    /// No `v1,` signature in the header matches.
    Signature,
    /// The timestamp is further than the tolerance from now (a replay).
    Timestamp { skew_secs: i64 },
}

/// Verifies a received webhook: any of the space-separated `v1,` signatures must match, and
/// the timestamp must be within `tolerance_secs` of `now` (Unix seconds).
pub fn verify(
    secret: &str,
    id: &str,
    timestamp: i64,
    body: &[u8],
    header: &str,
    now: i64,
    tolerance_secs: i64,
) -> Result<(), Rejected> {
    let skew = now - timestamp;
    if skew.abs() > tolerance_secs {
        return Err(Rejected::Timestamp { skew_secs: skew });
    }
    let want = signature(secret, id, timestamp, body);
    let want = want.as_bytes();
    let ok = header.split_whitespace().any(|candidate| {
        let c = candidate.as_bytes();
        // Constant time over equal lengths.
        c.len() == want.len() && c.iter().zip(want).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    });
    if ok { Ok(()) } else { Err(Rejected::Signature) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block.
        let mac = hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            hex::encode(mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn signatures_verify_and_one_changed_byte_fails() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"id":"tw-1","display":"-28.7%"}"#;
        let sig = signature(secret, "tw-1", 1_700_000_000, body);
        assert!(sig.starts_with("v1,"));
        assert_eq!(
            verify(
                secret,
                "tw-1",
                1_700_000_000,
                body,
                &sig,
                1_700_000_010,
                300
            ),
            Ok(())
        );
        let mut altered = body.to_vec();
        altered[20] ^= 1;
        assert_eq!(
            verify(
                secret,
                "tw-1",
                1_700_000_000,
                &altered,
                &sig,
                1_700_000_010,
                300
            ),
            Err(Rejected::Signature)
        );
        assert_eq!(
            verify(
                secret,
                "tw-2",
                1_700_000_000,
                body,
                &sig,
                1_700_000_010,
                300
            ),
            Err(Rejected::Signature)
        );
        assert!(matches!(
            verify(
                secret,
                "tw-1",
                1_700_000_000,
                body,
                &sig,
                1_700_009_000,
                300
            ),
            Err(Rejected::Timestamp { .. })
        ));
        // Several signatures in one header (secret rotation): any may match.
        let both = format!("v1,AAAA {sig}");
        assert_eq!(
            verify(
                secret,
                "tw-1",
                1_700_000_000,
                body,
                &both,
                1_700_000_000,
                300
            ),
            Ok(())
        );
    }
}
