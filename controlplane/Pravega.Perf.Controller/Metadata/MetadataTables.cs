using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Controller.Metadata;

/// <summary>
/// The names of the controller's metadata tables, all table segments under <c>_system/_tables/</c> (Pravega's layout,
/// reference §3, though the records in them are ours):
/// <list type="bullet">
/// <item><c>scopes</c>: scope → <see cref="Model.ScopeRecord"/>.</item>
/// <item><c>deletedKeyValueTables</c>: scope/name → the last segment number a deleted key-value table used.</item>
/// <item><c>workflows</c>: workflows under way (kind/scope/name → request), the index a restarted controller resumes from.</item>
/// <item><c>&lt;scope&gt;/streamsInScope</c>: stream → <see cref="Model.StreamListing"/>.</item>
/// <item><c>&lt;scope&gt;/readerGroupsInScope</c>: reader group → <see cref="Model.ReaderGroupRecord"/>.</item>
/// <item><c>&lt;scope&gt;/kvTablesInScope</c>: key-value table → <see cref="Model.KeyValueTableRecord"/>.</item>
/// <item><c>&lt;scope&gt;/&lt;stream&gt;/metadata</c>: <c>head</c> (<see cref="Model.StreamHead"/>), <c>epoch-N</c>
/// (<see cref="Model.EpochRecord"/>, written once) and <c>sealed-N</c> (the final lengths of the segments sealed when epoch
/// N ended) and <c>retention</c> (<see cref="Retention.RetentionSet"/>).</item>
/// <item><c>&lt;scope&gt;/&lt;stream&gt;/transactions</c> and the global <c>activeTransactions</c> index.</item>
/// <item><c>&lt;scope&gt;/&lt;stream&gt;/writersPositions</c>: writer → <see cref="Watermarks.WriterMark"/> (its last noted time and position).</item>
/// <item><c>watermarkStreams</c>: <c>scope/stream</c> → <see cref="Watermarks.WatermarkStream"/>, the streams the watermark job visits.</item>
/// </list>
/// </summary>
public static class MetadataTables
{
    /// <summary>All scopes.</summary>
    public static readonly string Scopes = NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, "scopes");

    /// <summary>The index of workflows under way.</summary>
    public static readonly string Workflows = NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, "workflows");

    /// <summary>The last segment number of each deleted key-value table (<c>scope/name</c> → <see cref="Model.DeletedKeyValueTable"/>).</summary>
    public static readonly string DeletedKeyValueTables = NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, "deletedKeyValueTables");

    /// <summary>The streams of a scope.</summary>
    public static string Streams(string scope) => NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, scope, "streamsInScope");

    /// <summary>The reader groups of a scope.</summary>
    public static string ReaderGroups(string scope) => NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, scope, "readerGroupsInScope");

    /// <summary>The key-value tables of a scope.</summary>
    public static string KeyValueTables(string scope) => NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, scope, "kvTablesInScope");

    /// <summary>One stream's records.</summary>
    public static string Stream(string scope, string stream) => NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, scope, stream, "metadata");

    /// <summary>A stream's transactions (id in hex → <see cref="Model.TransactionRecord"/>), created with its first transaction.</summary>
    public static string Transactions(string scope, string stream) =>
        NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, scope, stream, "transactions");

    /// <summary>Every transaction not yet COMMITTED or ABORTED (scope/stream/id → <see cref="Model.TransactionRef"/>): what a restarted
    /// controller must finish (commits, aborts) or watch (leases).</summary>
    public static readonly string ActiveTransactions = NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, "activeTransactions");

    /// <summary>The writers' marks of a stream (Pravega's table of the same name).</summary>
    public static string WritersPositions(string scope, string stream) =>
        NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, scope, stream, "writersPositions");

    /// <summary>The streams with writer marks, which the periodic watermark job visits (Pravega keeps them in buckets).</summary>
    public static readonly string WatermarkStreams = NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, "watermarkStreams");

    /// <summary>Key of a stream's head record.</summary>
    public const string HeadKey = "head";

    /// <summary>Key of a stream's retention set (<see cref="Retention.RetentionSet"/>: the tail cuts retention recorded).</summary>
    public const string RetentionKey = "retention";

    /// <summary>Key of an epoch record.</summary>
    public static string EpochKey(int epoch) => $"epoch-{epoch}";

    /// <summary>Key of the sealed sizes of the segments that epoch <paramref name="epoch"/> sealed when it ended.</summary>
    public static string SealedKey(int epoch) => $"sealed-{epoch}";
}
