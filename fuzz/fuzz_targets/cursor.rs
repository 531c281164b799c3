//! A pagination cursor, as clients send it back; what parses must print as itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cursor) = text.parse::<canopy::model::Cursor>() {
        let again: canopy::model::Cursor =
            cursor.to_string().parse().expect("printed cursors parse");
        assert_eq!(again, cursor);
    }
});
