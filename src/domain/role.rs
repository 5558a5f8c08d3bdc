//! The roles a person can hold, and the scope each is held in.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Runs the whole installation: every journal's editor-in-chief powers.
    Admin,
    /// Runs one journal's collections: board, guest editors, reassignments, publishing.
    EditorInChief,
    /// An Editorial Board Member: handles submissions when the guest editors are conflicted.
    BoardMember,
    /// A Guest Editor of one collection: the first choice of handling editor.
    GuestEditor,
    /// In the journal's reviewer pool.
    Reviewer,
}

/// Where a role applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleScope {
    Site,
    Journal,
    Collection,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::EditorInChief,
        Role::BoardMember,
        Role::GuestEditor,
        Role::Reviewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::EditorInChief => "editor_in_chief",
            Role::BoardMember => "board_member",
            Role::GuestEditor => "guest_editor",
            Role::Reviewer => "reviewer",
        }
    }

    /// The role's name in the journal's words.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::EditorInChief => "Editor-in-Chief",
            Role::BoardMember => "Editorial Board Member",
            Role::GuestEditor => "Guest Editor",
            Role::Reviewer => "Reviewer",
        }
    }

    /// The role's name for several people, as in "Here you appoint Guest Editors".
    pub fn plural(self) -> &'static str {
        match self {
            Role::Admin => "Administrators",
            Role::EditorInChief => "Editors-in-Chief",
            Role::BoardMember => "Editorial Board Members",
            Role::GuestEditor => "Guest Editors",
            Role::Reviewer => "reviewers",
        }
    }

    /// Where the role is held, in words: "for the whole site", "per journal".
    pub fn scope_words(self) -> &'static str {
        match self.scope() {
            RoleScope::Site => "for the whole site",
            RoleScope::Journal => "per journal",
            RoleScope::Collection => "per collection",
        }
    }

    /// Held for the whole site, so granted without choosing a journal or collection.
    pub fn is_site_wide(self) -> bool {
        self.scope() == RoleScope::Site
    }

    pub fn scope(self) -> RoleScope {
        match self {
            Role::Admin => RoleScope::Site,
            Role::EditorInChief | Role::BoardMember | Role::Reviewer => RoleScope::Journal,
            Role::GuestEditor => RoleScope::Collection,
        }
    }
}

impl FromStr for Role {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Role, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or("Choose a role from the list.")
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
