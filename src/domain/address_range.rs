//! An IP address range, written as one address (`10.0.0.5`) or in CIDR form (`10.0.0.0/8`,
//! `2001:db8::/32`): the proxies in front that may say who the client is, and the block of
//! addresses one client holds (an IPv6 subscriber usually gets a whole /64).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressRange {
    /// The first address of the range (no bits set past the prefix).
    first: IpAddr,
    prefix: u8,
}

/// The address as its own family: an IPv4 client seen through an IPv6 socket
/// (`::ffff:203.0.113.9`) is 203.0.113.9, so it matches IPv4 ranges and keys.
pub fn canonical(address: IpAddr) -> IpAddr {
    address.to_canonical()
}

fn bits(address: IpAddr) -> (u128, u8) {
    match address {
        IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
        IpAddr::V6(a) => (u128::from(a), 128),
    }
}

/// The mask of the first `prefix` bits of a `width`-bit address.
fn mask(prefix: u8, width: u8) -> u128 {
    let all = if width == 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    if prefix == 0 {
        0
    } else {
        all & !((1u128 << (width - prefix)) - 1)
    }
}

fn address_of(value: u128, like: IpAddr) -> IpAddr {
    match like {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(value as u32)),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(value)),
    }
}

impl AddressRange {
    /// Reads `10.0.0.5`, `10.0.0.0/8` or `2001:db8::/32`. A range with bits set past its
    /// prefix (`10.1.2.3/8`) is refused: it is a typo for one address or for the range.
    pub fn parse(text: &str) -> Result<AddressRange, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let address: IpAddr = address
            .parse()
            .map(canonical)
            .map_err(|_| format!("'{text}' is not an IP address or a range like 10.0.0.0/8"))?;
        let (value, width) = bits(address);
        let prefix = match prefix {
            None => width,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= width)
                .ok_or_else(|| {
                    format!("'{text}': the prefix must be a number from 0 to {width}")
                })?,
        };
        let range = AddressRange::of(address, prefix);
        if bits(range.first).0 != value {
            return Err(format!(
                "'{text}' has bits set past /{prefix}: write {range}, or {address} alone"
            ));
        }
        Ok(range)
    }

    /// The range of the first `prefix` bits of `address` (the whole address when `prefix` is
    /// its length or more).
    pub fn of(address: IpAddr, prefix: u8) -> AddressRange {
        let address = canonical(address);
        let (value, width) = bits(address);
        let prefix = prefix.min(width);
        AddressRange {
            first: address_of(value & mask(prefix, width), address),
            prefix,
        }
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        let (value, width) = bits(address);
        let (first, first_width) = bits(self.first);
        width == first_width && value & mask(self.prefix, width) == first
    }
}

/// `203.0.113.0/24`; one address alone is written without a prefix.
impl fmt::Display for AddressRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prefix == bits(self.first).1 {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}/{}", self.first, self.prefix)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn one_address_and_ranges_of_both_families() {
        let one = AddressRange::parse(" 10.0.0.5 ").unwrap();
        assert!(one.contains(ip("10.0.0.5")));
        assert!(!one.contains(ip("10.0.0.6")));
        assert_eq!(one.to_string(), "10.0.0.5");

        let private = AddressRange::parse("10.0.0.0/8").unwrap();
        assert!(private.contains(ip("10.255.1.2")));
        assert!(!private.contains(ip("11.0.0.1")));
        // An IPv4 client seen through an IPv6 socket is the same client.
        assert!(private.contains(ip("::ffff:10.1.2.3")));
        assert!(!private.contains(ip("2001:db8::1")));

        let v6 = AddressRange::parse("2001:db8::/32").unwrap();
        assert!(v6.contains(ip("2001:db8:ffff::1")));
        assert!(!v6.contains(ip("2001:db9::1")));
        assert!(!v6.contains(ip("10.0.0.1")));

        let everything = AddressRange::parse("0.0.0.0/0").unwrap();
        assert!(everything.contains(ip("203.0.113.9")));
        assert!(!everything.contains(ip("::1")));
    }

    #[test]
    fn typos_are_refused_with_what_was_meant() {
        let err = AddressRange::parse("10.1.2.3/8").unwrap_err();
        assert!(err.contains("10.0.0.0/8"), "{err}");
        assert!(AddressRange::parse("10.0.0.0/33").is_err());
        assert!(AddressRange::parse("10.0.0.0/").is_err());
        assert!(AddressRange::parse("proxy.example").is_err());
        assert!(AddressRange::parse("").is_err());
    }

    #[test]
    fn the_block_an_address_belongs_to() {
        let block = AddressRange::of(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), 64);
        assert_eq!(block.to_string(), "2001:db8:1:2::/64");
        assert!(block.contains(ip("2001:db8:1:2::9")));
        // An IPv4 address is its own block.
        assert_eq!(
            AddressRange::of(ip("203.0.113.9"), 64).to_string(),
            "203.0.113.9"
        );
    }
}
