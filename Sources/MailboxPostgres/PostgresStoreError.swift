/// Why the PostgreSQL store cannot start or answer.
public enum PostgresStoreError: Error, Equatable, CustomStringConvertible {
    /// The database holds a schema of a later Signalbox: this node would misread it.
    case newerSchema(found: Int, known: Int)
    /// `signalbox_meta` exists but has no row.
    case damagedSchema
    /// A feature of the in-memory store that the PostgreSQL store does not offer.
    case unsupported(String)
    /// The database did not answer in time (it is down, or too slow).
    case unavailable
    /// The database answered something this build does not know.
    case unexpected(String)

    public var description: String {
        switch self {
        case .newerSchema(let found, let known):
            "the database holds Signalbox schema version \(found), newer than version \(known) that this signalbox knows: "
                + "upgrade this node (or point it at another database); it will not touch the newer schema"
        case .damagedSchema: "the database's signalbox_meta table is empty: the schema is damaged"
        case .unsupported(let feature): "\(feature) are not supported with --store postgres://…"
        case .unavailable: "the database did not answer in time"
        case .unexpected(let answer): "the database answered something unexpected: \(answer)"
        }
    }
}
