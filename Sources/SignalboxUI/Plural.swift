/// Counts with their nouns, singular or plural as the count asks: "1 inbox", "3 inboxes".
public enum Plural {
    /// `count` and the noun; `plural` defaults to the singular with an "s".
    public static func of(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }
}
