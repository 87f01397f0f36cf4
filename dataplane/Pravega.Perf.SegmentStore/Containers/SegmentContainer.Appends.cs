using System.Buffers.Binary;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Operations;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    /// <summary>The hot path: see <c>ISegmentStore.AppendAsync</c>. Allocation-free once the pools are warm.</summary>
    public ValueTask<long> AppendAsync(string segmentName, in AppendData data, in WriterUpdate writer, long expectedOffset)
    {
        var length = data.Length;
        if (length > _options.MaxOperationSize)
        {
            throw new OperationTooLargeException(segmentName, length, _options.MaxOperationSize);
        }
        var attributeCount = writer.HasWriter ? 2 : 0;
        var size = OperationFormat.AppendSize(attributeCount, (int)length);
        PendingOperation operation;
        lock (_lock)
        {
            ThrowIfStopping(segmentName);
            var segment = PendingSegment(segmentName);
            var state = segment.Pending;
            if (state.IsSealed)
            {
                throw new StreamSegmentSealedException(segmentName);
            }
            if (expectedOffset >= 0 && expectedOffset != state.Length)
            {
                throw new BadOffsetException(segmentName, expectedOffset, state.Length);
            }
            long eventCount = 0;
            if (writer.HasWriter)
            {
                var last = state.GetAttribute(writer.WriterId);
                if (last != writer.ExpectedLastEventNumber)
                {
                    throw new BadAttributeUpdateException(segmentName, writer.WriterId, writer.ExpectedLastEventNumber, last);
                }
                eventCount = state.GetAttribute(SegmentAttributes.EventCount);
                eventCount = (eventCount == SegmentAttributes.NullValue ? 0 : eventCount) + writer.EventCount;
            }
            var offset = state.Length;
            if (!segment.ReadIndex.TryReserve(offset + length))
            {
                throw new CacheFullException(segmentName, CacheFullReason());
            }

            // Validated: from here on nothing throws. Serialise straight into the open frame.
            var frame = FrameFor(segmentName, size);
            operation = _operationPool.Rent();
            var span = frame.Add(size, _nextSequence++, operation, segment, null);
            var now = NowMs();
            OperationFormat.WriteEnvelope(span, OperationType.Append, size - OperationFormat.EnvelopeLength);
            var body = span[OperationFormat.EnvelopeLength..];
            BinaryPrimitives.WriteInt64LittleEndian(body, segment.Id);
            BinaryPrimitives.WriteInt64LittleEndian(body[8..], offset);
            BinaryPrimitives.WriteInt64LittleEndian(body[16..], now);
            body[24] = (byte)attributeCount;
            var position = 25;
            if (writer.HasWriter)
            {
                position += OperationFormat.WriteAttribute(body[position..], writer.WriterId, writer.LastEventNumber);
                position += OperationFormat.WriteAttribute(body[position..], SegmentAttributes.EventCount, eventCount);
                state.SetAttribute(writer.WriterId, writer.LastEventNumber);
                state.SetAttribute(SegmentAttributes.EventCount, eventCount);
            }
            BinaryPrimitives.WriteInt32LittleEndian(body[position..], (int)length);
            var bytes = body.Slice(position + 4, (int)length);
            data.CopyTo(bytes);
            segment.ReadIndex.Write(offset, bytes);
            state.Length = offset + length;
            state.LastModifiedMs = now;
            operation.Result = state.Length;
            WakeWriter();
        }
        return operation.Task;
    }
}
