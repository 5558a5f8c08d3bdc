//! Who sent a request, for the sign-in throttle: the address that connected, or — when that
//! is a proxy the site was told to trust (`PEERDESK_TRUSTED_PROXIES`) — the address the
//! proxies saw, from `X-Forwarded-For`.
//!
//! Anyone can send `X-Forwarded-For`, so it counts only from a trusted proxy, and only its
//! right-hand part: each proxy appends the address it was reached from, so the right-most
//! address that is not one of the trusted proxies is the one the first of them saw. What the
//! client itself wrote is to the left of it and is never read.

use std::net::{IpAddr, SocketAddr};

use actix_web::HttpRequest;

use crate::domain::address_range::{AddressRange, canonical};

/// The client's address as the throttle keys it; `unknown` when the connection has none
/// (a Unix socket, or a test calling the handler directly).
pub fn client_address(req: &HttpRequest, trusted: &[AddressRange]) -> String {
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .collect();
    match client_ip(req.peer_addr().map(|a| a.ip()), &forwarded, trusted) {
        Some(ip) => ip.to_string(),
        None => "unknown".to_owned(),
    }
}

/// The client behind `peer`, given the `X-Forwarded-For` headers in the order received.
pub fn client_ip(
    peer: Option<IpAddr>,
    forwarded_for: &[&str],
    trusted: &[AddressRange],
) -> Option<IpAddr> {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|range| range.contains(ip));
    let mut nearest = canonical(peer?);
    if !is_trusted(nearest) {
        return Some(nearest);
    }
    // Several headers are one list, in order (RFC 9110, 5.3); read from the right.
    for hop in forwarded_for
        .iter()
        .rev()
        .flat_map(|value| value.rsplit(','))
    {
        // A hop that is not an address was not written by a proxy of ours: stop at the
        // nearest address known rather than believe anything further left.
        let Some(ip) = hop_address(hop) else {
            break;
        };
        nearest = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    Some(nearest)
}

/// One hop of the header: `203.0.113.9`, `2001:db8::1`, or with a port as some proxies write
/// it (`203.0.113.9:51234`, `[2001:db8::1]:443`).
fn hop_address(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|a| a.ip()))
        .ok()
        .map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    fn ranges(list: &[&str]) -> Vec<AddressRange> {
        list.iter()
            .map(|r| AddressRange::parse(r).unwrap())
            .collect()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let peer = ip("198.51.100.7");
        assert_eq!(client_ip(peer, &["203.0.113.9"], &[]), peer);
        // Nor from a peer that is not one of them.
        let trusted = ranges(&["10.0.0.5"]);
        assert_eq!(client_ip(peer, &["203.0.113.9"], &trusted), peer);
        assert_eq!(client_ip(None, &["203.0.113.9"], &trusted), None);
    }

    #[test]
    fn from_a_trusted_proxy_the_right_most_untrusted_hop_counts() {
        let trusted = ranges(&["10.0.0.0/8"]);
        let proxy = ip("10.0.0.5");
        assert_eq!(
            client_ip(proxy, &["203.0.113.9"], &trusted),
            ip("203.0.113.9")
        );
        // What the client wrote itself is to the left, and is not believed.
        assert_eq!(
            client_ip(proxy, &["1.2.3.4, 203.0.113.9"], &trusted),
            ip("203.0.113.9")
        );
        // A chain of our own proxies is walked through.
        assert_eq!(
            client_ip(proxy, &["1.2.3.4, 203.0.113.9, 10.0.0.7"], &trusted),
            ip("203.0.113.9")
        );
        // Two headers are one list.
        assert_eq!(
            client_ip(proxy, &["1.2.3.4", "203.0.113.9, 10.0.0.7"], &trusted),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn ports_and_mapped_addresses_are_read() {
        let trusted = ranges(&["10.0.0.5", "::1"]);
        assert_eq!(
            client_ip(ip("10.0.0.5"), &["203.0.113.9:51234"], &trusted),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_ip(ip("::1"), &["[2001:db8::1]:443"], &trusted),
            ip("2001:db8::1")
        );
        // The proxy connecting over IPv6 with its IPv4 address is still the proxy.
        assert_eq!(
            client_ip(ip("::ffff:10.0.0.5"), &["::ffff:203.0.113.9"], &trusted),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_missing_or_broken_header_leaves_the_nearest_address_known() {
        let trusted = ranges(&["10.0.0.0/8"]);
        let proxy = ip("10.0.0.5");
        assert_eq!(client_ip(proxy, &[], &trusted), proxy);
        assert_eq!(client_ip(proxy, &["unknown"], &trusted), proxy);
        assert_eq!(
            client_ip(proxy, &["203.0.113.9, garbage, 10.0.0.7"], &trusted),
            ip("10.0.0.7")
        );
        // Only proxies of ours: the furthest of them.
        assert_eq!(
            client_ip(proxy, &["10.0.0.9, 10.0.0.7"], &trusted),
            ip("10.0.0.9")
        );
    }
}
