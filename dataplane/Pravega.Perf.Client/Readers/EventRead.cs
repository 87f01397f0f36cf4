using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Client.Readers;

/// <summary>
/// What <see cref="EventStreamReader{T}.ReadNextEventAsync"/> returned (Pravega's <c>EventRead</c>): an event, a
/// checkpoint to acknowledge (by calling read again), the end of everything the group reads, or nothing within the
/// timeout.
/// </summary>
public sealed class EventRead<T>
{
    internal EventRead(T? value, bool hasEvent, Position position, EventPointer? pointer, string? checkpointName, bool isReadCompleted)
    {
        Event = value;
        HasEvent = hasEvent;
        Position = position;
        Pointer = pointer;
        CheckpointName = checkpointName;
        IsReadCompleted = isReadCompleted;
    }

    /// <summary>The event, when <see cref="HasEvent"/>.</summary>
    public T? Event { get; }

    public bool HasEvent { get; }

    /// <summary>Where the reader is after this event, in every segment it owns (give it to <c>ReaderOfflineAsync</c>
    /// to have another reader go on from exactly here).</summary>
    public Position Position { get; }

    /// <summary>Where this event lies, when <see cref="HasEvent"/>.</summary>
    public EventPointer? Pointer { get; }

    /// <summary>Set when this is a checkpoint: the reader passes it on its next read.</summary>
    public string? CheckpointName { get; }

    public bool IsCheckpoint => CheckpointName is not null;

    /// <summary>Every segment of the group was read to its end (sealed streams, or end cuts reached).</summary>
    public bool IsReadCompleted { get; }
}

/// <summary>A reader's position: the offset of the next unread event in each segment it owns.</summary>
public sealed class Position
{
    private readonly Segment[] _segments;
    private readonly long[] _offsets;
    private Dictionary<Segment, long>? _map;

    /// <summary>Segments and offsets side by side (the segments array is shared between positions; it is never changed).</summary>
    internal Position(Segment[] segments, long[] offsets)
    {
        _segments = segments;
        _offsets = offsets;
    }

    public IReadOnlyDictionary<Segment, long> Offsets => _map ??= _segments.Zip(_offsets).ToDictionary(p => p.First, p => p.Second);

    /// <summary>Offsets by qualified segment name.</summary>
    internal Dictionary<string, long> ByName() =>
        _segments.Zip(_offsets).ToDictionary(p => p.First.QualifiedName, p => p.Second, StringComparer.Ordinal);

    public override string ToString() => string.Join(", ", Offsets.Select(o => $"{o.Key}@{o.Value}"));
}

/// <summary>Where one event lies: its segment, the offset of its header, and its length with the header.</summary>
public readonly record struct EventPointer(Segment Segment, long Offset, int Length);

/// <summary>A completed checkpoint: a stream cut per stream, where every reader of the group passed it.</summary>
public sealed record Checkpoint(string Name, IReadOnlyDictionary<ScopedStream, StreamCut> Positions);
