using System.Buffers;
using Pravega.Perf.Wire.Events;

namespace Pravega.Perf.LoadHarness.Raw;

/// <summary>
/// A block's worth of framed events (<c>[int 0][int len][payload]</c>), written once at start-up. Every
/// APPEND_BLOCK of the run is a prefix of it, so the send loop never builds or copies an event on its own.
/// </summary>
internal sealed class EventBlockTemplate
{
    private readonly byte[] _events;

    public EventBlockTemplate(int eventSize, int maxBlockBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventSize);
        EventSize = eventSize;
        FramedEventSize = EventFrame.GetFramedLength(eventSize);
        // A block holds at least one event, however large (1 MiB events go one per block, as Pravega's client sends them).
        MaxEventsPerBlock = Math.Max(1, maxBlockBytes / FramedEventSize);
        _events = GC.AllocateUninitializedArray<byte>(MaxEventsPerBlock * FramedEventSize, pinned: true);
        // Incompressible bytes, so no layer below can make the figures look better than real data would.
        var random = new Random(eventSize);
        for (var i = 0; i < MaxEventsPerBlock; i++)
        {
            var frame = _events.AsSpan(i * FramedEventSize, FramedEventSize);
            EventFrame.WriteHeader(frame, eventSize);
            random.NextBytes(frame[EventFrame.HeaderLength..]);
        }
    }

    public int EventSize { get; }

    public int FramedEventSize { get; }

    public int MaxEventsPerBlock { get; }

    public int MaxBlockBytes => MaxEventsPerBlock * FramedEventSize;

    /// <summary>The first <paramref name="count"/> framed events, without copying.</summary>
    public ReadOnlySequence<byte> Events(int count) => new(_events, 0, count * FramedEventSize);
}
