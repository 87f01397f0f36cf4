using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Controller.Metadata;

/// <summary>
/// The names of the controller's metadata tables, all table segments under <c>_system/_tables/</c> (Pravega's layout,
/// reference §3, though the records in them are ours):
/// <list type="bullet">
/// <item><c>scopes</c>: scope → <see cref="Model.ScopeRecord"/>.</item>
/// <item><c>workflows</c>: workflows under way (kind/scope/name → request), the index a restarted controller resumes from.</item>
/// <item><c>&lt;scope&gt;/streamsInScope</c>: stream → <see cref="Model.StreamListing"/>.</item>
/// <item><c>&lt;scope&gt;/readerGroupsInScope</c>: reader group → <see cref="Model.ReaderGroupRecord"/>.</item>
/// <item><c>&lt;scope&gt;/&lt;stream&gt;/metadata</c>: <c>head</c> (<see cref="Model.StreamHead"/>), <c>epoch-N</c>
/// (<see cref="Model.EpochRecord"/>, written once) and <c>sealed-N</c> (the final lengths of the segments sealed when epoch
/// N ended) and <c>retention</c> (<see cref="Retention.RetentionSet"/>).</item>
/// </list>
/// </summary>
public static class MetadataTables
{
    /// <summary>All scopes.</summary>
    public static readonly string Scopes = NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, "scopes");

    /// <summary>The index of workflows under way.</summary>
    public static readonly string Workflows = NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, "workflows");

    /// <summary>The streams of a scope.</summary>
    public static string Streams(string scope) => NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, scope, "streamsInScope");

    /// <summary>The reader groups of a scope.</summary>
    public static string ReaderGroups(string scope) => NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, scope, "readerGroupsInScope");

    /// <summary>One stream's records.</summary>
    public static string Stream(string scope, string stream) => NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, scope, stream, "metadata");

    /// <summary>Key of a stream's head record.</summary>
    public const string HeadKey = "head";

    /// <summary>Key of a stream's retention set (<see cref="Retention.RetentionSet"/>: the tail cuts retention recorded).</summary>
    public const string RetentionKey = "retention";

    /// <summary>Key of an epoch record.</summary>
    public static string EpochKey(int epoch) => $"epoch-{epoch}";

    /// <summary>Key of the sealed sizes of the segments that epoch <paramref name="epoch"/> sealed when it ended.</summary>
    public static string SealedKey(int epoch) => $"sealed-{epoch}";
}
