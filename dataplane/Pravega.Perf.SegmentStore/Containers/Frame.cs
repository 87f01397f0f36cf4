using System.Buffers;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.SegmentStore.Containers;

/// <summary>
/// A WAL frame being filled or written: the serialised operations after a reserved header, plus the entries that
/// say who to complete once it is durable. Reused; a frame larger than the standard size (one big operation) has a
/// buffer of its own that goes back to the array pool.
/// </summary>
internal sealed class Frame
{
    private FrameEntry[] _entries = new FrameEntry[64];

    public Frame(int capacity, bool oversized)
    {
        Oversized = oversized;
        Capacity = capacity;
        Buffer = oversized ? ArrayPool<byte>.Shared.Rent(capacity) : GC.AllocateUninitializedArray<byte>(capacity);
        Position = WalFrameFormat.HeaderLength;
    }

    public byte[] Buffer { get; }

    public bool Oversized { get; }

    /// <summary>The most bytes this frame may hold (a rented buffer can be larger).</summary>
    public int Capacity { get; }

    /// <summary>End of the serialised operations.</summary>
    public int Position { get; private set; }

    public int Remaining => Capacity - Position;

    public long FirstSequence { get; private set; }

    public long LastSequence { get; private set; }

    public int OperationCount { get; private set; }

    public int EntryCount { get; private set; }

    public bool IsEmpty => EntryCount == 0;

    public Exception? Error { get; set; }

    /// <summary>Where the device wrote the frame.</summary>
    public long Address { get; set; }

    /// <summary>True while the frame's write has begun on the device and is not yet collected.</summary>
    public bool InFlight { get; set; }

    /// <summary>True if the first operation is a metadata checkpoint: the frame is a valid start of the log.</summary>
    public bool StartsWithCheckpoint { get; set; }

    public ReadOnlySpan<FrameEntry> Entries => _entries.AsSpan(0, EntryCount);

    /// <summary>The header and operations, as the device writes them.</summary>
    public Span<byte> Content => Buffer.AsSpan(0, Position);

    /// <summary>Reserves room for an operation with sequence number <paramref name="sequence"/> and records its entry.</summary>
    public Span<byte> Add(int size, long sequence, PendingOperation? waiter, Metadata.SegmentMetadata? segment,
        Metadata.SegmentMetadata? source)
    {
        if (OperationCount == 0)
        {
            FirstSequence = sequence;
        }
        LastSequence = sequence;
        OperationCount++;
        AddEntry(new FrameEntry { Offset = Position, Waiter = waiter, Segment = segment, Source = source });
        var span = Buffer.AsSpan(Position, size);
        Position += size;
        return span;
    }

    /// <summary>Adds a waiter that completes when everything before it is durable.</summary>
    public void AddBarrier(PendingOperation waiter) => AddEntry(new FrameEntry { Offset = -1, Waiter = waiter });

    public void Reset()
    {
        Array.Clear(_entries, 0, EntryCount);
        EntryCount = 0;
        OperationCount = 0;
        Position = WalFrameFormat.HeaderLength;
        Error = null;
        Address = 0;
        InFlight = false;
        StartsWithCheckpoint = false;
        FirstSequence = 0;
        LastSequence = 0;
    }

    public void ReleaseBuffer()
    {
        if (Oversized)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }

    private void AddEntry(in FrameEntry entry)
    {
        if (EntryCount == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }
        _entries[EntryCount++] = entry;
    }
}
