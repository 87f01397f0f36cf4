using System.Text.Json;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Client.Readers;

/// <summary>
/// A reader group's shared state, kept as whole-state records in the group's <c>_RG&lt;name&gt;</c> stream through a
/// <see cref="State.StateSynchronizer{T}"/> (segments by qualified name). Our own JSON form, not Pravega's
/// VersionedSerializer one: a .NET and a Java reader cannot share one group (README). Every change goes through
/// <see cref="GroupStateRules"/> on a copy (<see cref="Clone"/>), since an update may be recomputed after a conflict.
/// </summary>
internal sealed class GroupState
{
    /// <summary>Bumped by every reset; readers that see a new generation drop what they hold and start over.</summary>
    public long Generation { get; set; }

    public GroupSettings Settings { get; set; } = new();

    /// <summary>Online readers and the segments each owns, with the offset of the next event it has not handed out
    /// (as last recorded by the reader).</summary>
    public SortedDictionary<string, SortedDictionary<string, long>> Readers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Segments nobody owns, with the offset to read from.</summary>
    public SortedDictionary<string, long> Unassigned { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Successors waiting for predecessors not yet read to their end (per-key order across scaling).</summary>
    public SortedDictionary<string, List<string>> Future { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Segments read to their end (sealed, or to the end cut).</summary>
    public SortedSet<string> Completed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where reading stops, for segments of a bounded end cut.</summary>
    public SortedDictionary<string, long> EndOffsets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per stream (<c>scope/name</c>): predecessors older than this epoch lie before the start cut and are not waited for.</summary>
    public SortedDictionary<string, int> StartEpochs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Checkpoints in the order they were initiated: outstanding ones, then the last few completed.</summary>
    public List<CheckpointState> Checkpoints { get; set; } = [];

    public GroupState Clone() => JsonSerializer.Deserialize<GroupState>(JsonSerializer.SerializeToUtf8Bytes(this))!;
}

/// <summary>The parts of the group's configuration readers act on.</summary>
internal sealed class GroupSettings
{
    public string ReaderGroupId { get; set; } = "";

    public long RefreshMillis { get; set; } = 1000;

    public int MaxOutstandingCheckpoints { get; set; } = 3;

    /// <summary>Streams as <c>scope/name</c>.</summary>
    public List<string> Streams { get; set; } = [];
}

/// <summary>One checkpoint: the readers yet to pass it and, per segment, the offset at which it was passed.</summary>
internal sealed class CheckpointState
{
    public string Name { get; set; } = "";

    /// <summary>Internal (stream cuts generated for the caller): never handed to the application as an event.</summary>
    public bool Silent { get; set; }

    public SortedSet<string> Pending { get; set; } = new(StringComparer.Ordinal);

    /// <summary>First offset recorded per segment wins: a segment is captured where its owner passed the checkpoint.</summary>
    public SortedDictionary<string, long> Positions { get; set; } = new(StringComparer.Ordinal);

    public bool IsComplete => Pending.Count == 0;
}

/// <summary>The group state as JSON (UTF-8).</summary>
internal sealed class GroupStateSerializer : ISerializer<GroupState>
{
    public static readonly GroupStateSerializer Instance = new();

    public ReadOnlyMemory<byte> Serialize(GroupState value) => JsonSerializer.SerializeToUtf8Bytes(value);

    public GroupState Deserialize(ReadOnlyMemory<byte> bytes) =>
        JsonSerializer.Deserialize<GroupState>(bytes.Span) ?? throw new InvalidDataException("an empty reader-group state record");
}
