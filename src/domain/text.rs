//! Characters a terminal must not be sent from user text: bidi controls that reorder
//! what follows (U+202E shows a name reversed), tag characters, zero-width joiners and
//! fillers that make a name render blank. Imports refuse them and typed text drops them.

/// A character that changes how the text around it is shown, or is invisible.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        // Bidi embeddings, overrides, isolates and marks.
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        // Zero-width spaces and joiners, word joiner, invisible operators, BOM.
        | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
        // Variation selectors and the combining grapheme joiner.
        | '\u{FE00}'..='\u{FE0F}' | '\u{034F}' | '\u{180B}'..='\u{180F}'
        // Tag characters (invisible text riding along).
        | '\u{E0000}'..='\u{E007F}'
        // Fillers that take room but show nothing.
        | '\u{3164}' | '\u{115F}' | '\u{1160}' | '\u{FFA0}' | '\u{2800}' | '\u{00AD}'
    )
}

/// Whether the text shows nothing at all: empty, or only spaces and invisible characters.
pub fn renders_blank(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
}

/// The first invisible character of the text, if any.
pub fn first_invisible(s: &str) -> Option<char> {
    s.chars().find(|c| is_invisible(*c))
}

/// The text without its invisible characters.
pub fn without_invisible(s: &str) -> String {
    s.chars().filter(|c| !is_invisible(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversing_and_blank_names_are_caught_and_chinese_passes() {
        assert_eq!(first_invisible("张\u{202E}三"), Some('\u{202E}'));
        assert_eq!(first_invisible("李\u{E0041}四"), Some('\u{E0041}'));
        assert!(renders_blank("\u{3164}\u{3164}"));
        assert!(renders_blank(" \u{200B} "));
        assert!(!renders_blank("韩国庆"));
        assert_eq!(first_invisible("韩国庆（高级工程师）, O'Neil"), None);
        assert_eq!(without_invisible("王\u{202E}五\u{FE0F}"), "王五");
    }
}
