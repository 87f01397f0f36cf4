using Pravega.Perf.SegmentStore.Metadata;
using Pravega.Perf.SegmentStore.Operations;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    /// <summary>
    /// Replays the WAL: every valid frame, in order, through the same apply code as live commits, putting appended
    /// bytes back into the cache. The device has already cut a torn or corrupt tail, so only what was durable (which
    /// includes everything acknowledged) comes back. A gap in the sequence numbers means the log lost a frame in its
    /// middle: recovery refuses to start rather than serve a store with holes.
    /// </summary>
    private void Recover()
    {
        _recoveryById = [];
        var expected = -1L;
        lock (_committedLock)
        {
            foreach (var frame in _device.ReadAll())
            {
                var payload = frame.Payload.Span;
                if (expected < 0 && frame.FirstSequence != 1 && (payload.IsEmpty || payload[0] != (byte)OperationType.Checkpoint))
                {
                    throw new InvalidDataException(
                        $"Container {Id}: the WAL starts at sequence {frame.FirstSequence} without a metadata checkpoint.");
                }
                if (expected >= 0 && frame.FirstSequence != expected)
                {
                    throw new InvalidDataException(
                        $"Container {Id}: WAL frame at {frame.Address} starts at sequence {frame.FirstSequence}, expected {expected}.");
                }
                _applyAddress = frame.Address;
                if (payload.Length > 0 && payload[0] == (byte)OperationType.Checkpoint)
                {
                    AddCheckpointAddress(frame.Address);
                }
                for (var position = 0; position < payload.Length;)
                {
                    position += Apply(payload[position..], null, null, recovering: true);
                }
                expected = frame.LastSequence + 1;
                _committedSequence = frame.LastSequence;
            }
            foreach (var (name, segment) in _committedByName)
            {
                segment.Pending.CopyFrom(segment.Committed);
                _pendingByName[name] = segment;
            }
            _pendingMerged.CopyFrom(_committedMerged);
            _nextSequence = _committedSequence + 1;
            _wakeScratch.Clear();
            _recoveryById = null;
        }
    }

    /// <summary>Number of segments (for tests and diagnostics).</summary>
    public int SegmentCount
    {
        get
        {
            lock (_committedLock)
            {
                return _committedByName.Count;
            }
        }
    }

    internal IEnumerable<SegmentMetadata> CommittedSegments
    {
        get
        {
            lock (_committedLock)
            {
                return [.. _committedByName.Values];
            }
        }
    }
}
