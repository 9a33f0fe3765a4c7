/// The journald `MESSAGE_ID`s of the events an operator selects on
/// (`journalctl MESSAGE_ID=…`), whatever their wording becomes. Set as the metadata key
/// ``metadataKey``; the journald handler writes it as the `MESSAGE_ID` field itself, and the
/// text and JSON formats show it as `message_id`. Each is a fixed random 128-bit ID, made
/// once (`systemd-id128 new`) and never reused; the README lists them.
package enum MessageID {
    /// The metadata key that carries the ID.
    package static let metadataKey = "message_id"

    /// The daemon is watching its inbox (READY=1 was sent).
    package static let started = "f5dcc6f9c5c04833986c97513c07579d"
    /// The daemon stopped cleanly, with this run's counts.
    package static let stopped = "825a672ad9944add90ee95e3bfb5b74f"
    /// A reload put the new configuration in force.
    package static let reloaded = "23849e89164a454baf1f304eb0e992f3"
    /// A reload was refused; the previous configuration stays.
    package static let reloadRefused = "c70ffb4f8a004d7f82f8b38a6eb567d5"
    /// A commit failed; the files stay in the inbox and commits pause with backoff.
    package static let commitsPaused = "980c2aded20b4829834adcba833e343f"
    /// Commits work again after a pause.
    package static let commitsResumed = "acb9917b28d548c19feb49f952a4e8f2"
    /// The daemon exits with an error (the entry says which exit status).
    package static let fatal = "5dd2e9ba6d974abe9e4b0c9585607602"
}
