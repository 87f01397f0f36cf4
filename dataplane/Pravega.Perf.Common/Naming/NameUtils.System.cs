using System.Globalization;

namespace Pravega.Perf.Common.Naming;

// Names of Pravega's internal streams, table segments and per-container system segments.
public static partial class NameUtils
{
    /// <summary>Starts the names of internal streams and scopes.</summary>
    public const string InternalNamePrefix = "_";

    /// <summary>The scope of Pravega's internal streams and tables.</summary>
    public const string InternalScopeName = "_system";

    /// <summary>Prefix of every per-container system segment.</summary>
    public const string InternalContainerPrefix = "_system/containers/";

    /// <summary>The stream a reader group's state lives in is <c>_RG&lt;group&gt;</c>.</summary>
    public const string ReaderGroupStreamPrefix = "_RG";

    /// <summary>Watermarks of stream s go to the stream <c>_MARK&lt;s&gt;</c>.</summary>
    public const string MarkStreamPrefix = "_MARK";

    /// <summary>The path token that marks a table segment: <c>scope/_tables/…</c>.</summary>
    public const string TablesToken = "_tables";

    /// <summary>Appended to a key-value table's name to make the stream part of its segments' names.</summary>
    public const string KeyValueTableSuffix = "_kvtable";

    private const string MetadataSegmentPrefix = InternalContainerPrefix + "metadata_";
    private const string StorageMetadataSegmentPrefix = InternalContainerPrefix + "storage_metadata_";

    public static string GetInternalNameForStream(string stream) => InternalNamePrefix + stream;

    public static string GetStreamForReaderGroup(string readerGroup) => ReaderGroupStreamPrefix + readerGroup;

    public static string GetMarkStreamForStream(string stream) => MarkStreamPrefix + stream;

    /// <summary>The container's own metadata table segment, <c>_system/containers/metadata_&lt;id&gt;</c>.</summary>
    public static string GetMetadataSegmentName(int containerId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(containerId);
        return string.Create(CultureInfo.InvariantCulture, $"{MetadataSegmentPrefix}{containerId}");
    }

    public static bool IsMetadataSegmentName(ReadOnlySpan<char> segmentName) =>
        segmentName.StartsWith(MetadataSegmentPrefix, StringComparison.Ordinal);

    /// <summary>The container's long-term-storage layout table, <c>_system/containers/storage_metadata_&lt;id&gt;</c>.</summary>
    public static string GetStorageMetadataSegmentName(int containerId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(containerId);
        return string.Create(CultureInfo.InvariantCulture, $"{StorageMetadataSegmentPrefix}{containerId}");
    }

    public static bool IsStorageMetadataSegmentName(ReadOnlySpan<char> segmentName) =>
        segmentName.StartsWith(StorageMetadataSegmentPrefix, StringComparison.Ordinal);

    /// <summary><c>_system/containers/_sysjournal.epoch&lt;E&gt;.container&lt;C&gt;.file&lt;N&gt;</c>.</summary>
    public static string GetSystemJournalFileName(int containerId, long epoch, long fileIndex) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{InternalContainerPrefix}_sysjournal.epoch{epoch}.container{containerId}.file{fileIndex}");

    /// <summary><c>_system/containers/event_processor_&lt;name&gt;_&lt;id&gt;</c>.</summary>
    public static string GetEventProcessorSegmentName(int containerId, string processorName) =>
        string.Create(CultureInfo.InvariantCulture, $"{InternalContainerPrefix}event_processor_{processorName}_{containerId}");

    /// <summary><c>&lt;scope&gt;/_tables/&lt;token&gt;/&lt;token&gt;…</c>: the names of the controller's metadata tables.</summary>
    public static string GetQualifiedTableName(string scope, params ReadOnlySpan<string> tokens)
    {
        if (tokens.IsEmpty)
        {
            throw new ArgumentException("a table name needs at least one token", nameof(tokens));
        }
        return string.Join('/', [scope, TablesToken, .. tokens]);
    }

    /// <summary>True when the second path token is <c>_tables</c>; a name with fewer than three tokens is not one.</summary>
    public static bool IsTableSegment(ReadOnlySpan<char> segmentName)
    {
        var first = segmentName.IndexOf('/');
        if (first < 0)
        {
            return false;
        }
        var rest = segmentName[(first + 1)..];
        var second = rest.IndexOf('/');
        return second >= 0 && rest[..second].SequenceEqual(TablesToken) && second + 1 < rest.Length;
    }

    /// <summary>A key-value table's partition segment: <c>scope/&lt;kvt&gt;_kvtable/&lt;n&gt;.#epoch.&lt;e&gt;</c>.</summary>
    public static string GetQualifiedTableSegmentName(string scope, string keyValueTableName, long segmentId) =>
        GetQualifiedStreamSegmentName(scope, keyValueTableName + KeyValueTableSuffix, segmentId);
}
