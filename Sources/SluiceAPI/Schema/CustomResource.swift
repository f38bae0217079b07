/// A kind Sluice serves as a CustomResourceDefinition: an ``APIObject`` that knows its names, columns and schema.
///
/// Names default to Flux's conventions (`<kind>List`, lower-cased singular,
/// category `flux`) and the printer columns to Flux's `Age`, `Ready`, `Status`.
public protocol CustomResource: APIObject, SchemaDescribed, Hashable {
    /// The singular resource name, such as `gitrepository`.
    static var singular: String { get }
    /// The kind of the list type, such as `GitRepositoryList`.
    static var listKind: String { get }
    /// Short names for `kubectl`, such as `gitrepo`.
    static var shortNames: [String] { get }
    /// Categories for `kubectl get <category>`.
    static var categories: [String] { get }
    /// The columns `kubectl get` prints.
    static var printerColumns: [PrinterColumn] { get }
    /// Whether the kind has a `status` subresource.
    static var hasStatusSubresource: Bool { get }
    /// A one-line description of the kind, used as the CRD's schema description.
    static var kindDescription: String { get }
}

extension CustomResource {
    /// The kind in lower case.
    public static var singular: String { kind.lowercased() }
    /// `<Kind>List`.
    public static var listKind: String { kind + "List" }
    /// No short names.
    public static var shortNames: [String] { [] }
    /// The `flux` category.
    public static var categories: [String] { ["flux"] }
    /// `Age`, `Ready` and `Status`, as Flux prints its reconciled kinds.
    public static var printerColumns: [PrinterColumn] { [.age, .ready, .status] }
    /// A status subresource.
    public static var hasStatusSubresource: Bool { true }
    /// `<Kind> is the Schema for the <plural> API.`, as Flux words it.
    public static var kindDescription: String { "\(kind) is the Schema for the \(plural) API." }
}
