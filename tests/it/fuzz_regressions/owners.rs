//! Property tests: the OWNERS and OWNERS_ALIASES parsers never panic, whatever the bytes, from
//! documents built of the format's own keys (the checks are those of `ownlint::fuzz`).

use proptest::prelude::*;

/// The fuzz target of both formats: no panic, spans inside the text, a model bounded by it.
fn parse_all(bytes: &[u8]) {
    ownlint::fuzz::parsers::owners(bytes);
}

/// YAML-ish documents built from the format's own keys and tricky values.
fn yaml_doc() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("approvers".to_string()),
        Just("reviewers".to_string()),
        Just("owner".to_string()),
        Just("cover".to_string()),
        Just("filters".to_string()),
        Just("options".to_string()),
        Just("no_parent_owners".to_string()),
        Just("aliases".to_string()),
        Just("reviewed".to_string()),
        Just("emeritus_approvers".to_string()),
        "[a-z_]{1,12}",
        "\\PC{0,8}",
    ];
    let scalar = prop_oneof![
        "[a-zA-Z0-9_@.-]{0,12}",
        Just("\"(unclosed\"".to_string()),
        Just("&x [a, *x]".to_string()),
        Just("*undefined".to_string()),
        Just("2024-02-30".to_string()),
        Just("true".to_string()),
        Just("~".to_string()),
        Just("{".to_string()),
        "\\PC{0,10}",
    ];
    let leaf = scalar.prop_map(|s| s);
    let value = leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            prop::collection::vec((key.clone(), inner), 0..5).prop_map(|entries| {
                let body: Vec<String> = entries
                    .into_iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect();
                format!("{{{}}}", body.join(", "))
            }),
        ]
    });
    prop::collection::vec(
        (
            prop_oneof![
                Just("approvers"),
                Just("filters"),
                Just("owner"),
                Just("aliases"),
                Just("options"),
                Just("x")
            ],
            value,
            0usize..4,
        ),
        0..8,
    )
    .prop_map(|entries| {
        entries
            .into_iter()
            .map(|(k, v, indent)| format!("{}{k}: {v}\n", " ".repeat(indent)))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        parse_all(&bytes);
    }

    #[test]
    fn arbitrary_yaml_never_panics(doc in yaml_doc()) {
        parse_all(doc.as_bytes());
    }

    #[test]
    fn arbitrary_block_yaml_never_panics(lines in prop::collection::vec("( {0,4})(- )?[a-z_]{0,10}(: )?[a-z&*!|>{}\\[\\],#'\"-]{0,10}", 0..20)) {
        parse_all(lines.join("\n").as_bytes());
    }
}
