//! The declarations BMC Cancer asks for, by their BMC names, as the author reviews them
//! before submitting and as the published article carries them: one list for both.

/// The authors' answers, as kept with the submission.
pub struct Declarations<'a> {
    pub competing_interests: &'a str,
    pub competing_interests_details: &'a str,
    pub ai_use: &'a str,
    pub ai_use_details: &'a str,
    pub ethics_statement: &'a str,
    pub consent_for_publication: &'a str,
    pub data_availability: &'a str,
    pub funding: &'a str,
    pub authors_contributions: &'a str,
    pub acknowledgements: &'a str,
}

/// The declarations answered, each under its BMC name, in BMC's order.
pub fn by_bmc_names(d: &Declarations<'_>) -> Vec<(&'static str, String)> {
    let competing = match d.competing_interests {
        "none" => "The authors declare that they have no competing interests.".to_owned(),
        _ => d.competing_interests_details.to_owned(),
    };
    let ai_use = super::ai_use::statement(d.ai_use, d.ai_use_details);
    [
        (
            "Ethics approval and consent to participate",
            d.ethics_statement.to_owned(),
        ),
        (
            "Consent for publication",
            d.consent_for_publication.to_owned(),
        ),
        (
            "Availability of data and materials",
            d.data_availability.to_owned(),
        ),
        ("Competing interests", competing),
        ("Funding", d.funding.to_owned()),
        ("Authors' contributions", d.authors_contributions.to_owned()),
        ("Use of generative AI", ai_use.unwrap_or_default()),
        ("Acknowledgements", d.acknowledgements.to_owned()),
    ]
    .into_iter()
    .filter(|(_, text)| !text.trim().is_empty())
    .collect()
}
