//! The licence a collection publishes its articles under: one of the Creative Commons
//! licences open-access journals use, stored by its SPDX identifier. CC BY 4.0 by default,
//! as in BMC's journals. Authors keep the copyright under all of them but CC0, which
//! waives it.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Licence {
    #[default]
    CcBy4,
    CcByNc4,
    CcByNcNd4,
    Cc0,
}

impl Licence {
    /// Every licence a collection may choose, in the order the form lists them.
    pub const ALL: [Licence; 4] = [
        Licence::CcBy4,
        Licence::CcByNc4,
        Licence::CcByNcNd4,
        Licence::Cc0,
    ];

    /// Its SPDX identifier, as stored: `CC-BY-4.0`.
    pub fn code(self) -> &'static str {
        match self {
            Licence::CcBy4 => "CC-BY-4.0",
            Licence::CcByNc4 => "CC-BY-NC-4.0",
            Licence::CcByNcNd4 => "CC-BY-NC-ND-4.0",
            Licence::Cc0 => "CC0-1.0",
        }
    }

    /// Its short name: `CC BY 4.0`.
    pub fn short_name(self) -> &'static str {
        match self {
            Licence::CcBy4 => "CC BY 4.0",
            Licence::CcByNc4 => "CC BY-NC 4.0",
            Licence::CcByNcNd4 => "CC BY-NC-ND 4.0",
            Licence::Cc0 => "CC0 1.0",
        }
    }

    /// Its full name: `Creative Commons Attribution 4.0 International`.
    pub fn name(self) -> &'static str {
        match self {
            Licence::CcBy4 => "Creative Commons Attribution 4.0 International",
            Licence::CcByNc4 => "Creative Commons Attribution-NonCommercial 4.0 International",
            Licence::CcByNcNd4 => {
                "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International"
            }
            Licence::Cc0 => "Creative Commons CC0 1.0 Universal Public Domain Dedication",
        }
    }

    /// The licence's own page, which the metadata cite (JATS `license`, Crossref
    /// `license_ref`).
    pub fn url(self) -> &'static str {
        match self {
            Licence::CcBy4 => "https://creativecommons.org/licenses/by/4.0/",
            Licence::CcByNc4 => "https://creativecommons.org/licenses/by-nc/4.0/",
            Licence::CcByNcNd4 => "https://creativecommons.org/licenses/by-nc-nd/4.0/",
            Licence::Cc0 => "https://creativecommons.org/publicdomain/zero/1.0/",
        }
    }

    /// Whether the authors keep a copyright (every licence but CC0's waiver).
    pub fn has_copyright(self) -> bool {
        self != Licence::Cc0
    }

    /// The copyright line of an article published in `year`: `© The Author(s) 2026`; none
    /// under CC0.
    pub fn copyright_statement(self, year: i32) -> Option<String> {
        self.has_copyright()
            .then(|| format!("© {COPYRIGHT_HOLDER} {year}"))
    }

    /// The sentence that states the licence, around its name: (before, after). The page
    /// links the name to the licence.
    pub fn statement_parts(self) -> (&'static str, String) {
        if self.has_copyright() {
            (
                "This article is licensed under a",
                format!("licence ({}).", self.short_name()),
            )
        } else {
            (
                "This article is dedicated to the public domain under the",
                format!("({}).", self.short_name()),
            )
        }
    }

    /// The sentence that states the licence: "This article is licensed under a Creative
    /// Commons Attribution 4.0 International licence (CC BY 4.0)."
    pub fn statement(self) -> String {
        let (before, after) = self.statement_parts();
        format!("{before} {} {after}", self.name())
    }

    pub fn parse(code: &str) -> Result<Licence, &'static str> {
        Licence::ALL
            .into_iter()
            .find(|l| l.code() == code.trim())
            .ok_or("Choose one of the licences listed.")
    }

    /// A stored code read back; an unknown one (never written by this code) is read as the
    /// default rather than failing a public page.
    pub fn from_stored(code: &str) -> Licence {
        Licence::parse(code).unwrap_or_default()
    }
}

/// Who holds the copyright of an open-access article: its authors.
pub const COPYRIGHT_HOLDER: &str = "The Author(s)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for l in Licence::ALL {
            assert_eq!(Licence::parse(l.code()), Ok(l));
        }
        assert!(Licence::parse("GPL-3.0").is_err());
        assert_eq!(Licence::from_stored("??"), Licence::CcBy4);
        assert_eq!(Licence::default().short_name(), "CC BY 4.0");
    }

    #[test]
    fn cc0_waives_the_copyright() {
        assert_eq!(
            Licence::CcBy4.copyright_statement(2026).as_deref(),
            Some("© The Author(s) 2026")
        );
        assert_eq!(Licence::Cc0.copyright_statement(2026), None);
        assert_eq!(
            Licence::CcBy4.statement(),
            "This article is licensed under a Creative Commons Attribution 4.0 International licence (CC BY 4.0)."
        );
    }
}
