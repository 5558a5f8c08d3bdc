//! Messages about bad input, each tied to the field it belongs to, so a form can show every
//! message beside its field and keep everything else the person typed.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    entries: Vec<(String, String)>,
}

impl FormErrors {
    pub fn new() -> Self {
        FormErrors::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.entries.push((field.into(), message.into()));
    }

    /// Records the error of a parse, returning its value when it succeeded.
    pub fn check<T>(
        &mut self,
        field: impl Into<String>,
        result: Result<T, &'static str>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first message for a field, for templates: `errors.get("email")`.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    /// Adds another form's messages after these.
    pub fn extend(&mut self, other: FormErrors) {
        self.entries.extend(other.entries);
    }

    /// Every (field, message), in the order found: the summary at the top of a form.
    pub fn all(&self) -> &[(String, String)] {
        &self.entries
    }
}
