using Pravega.Perf.Client.Control;
using Proto = Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Client.Writers;

public sealed partial class EventStreamWriter<T>
{
    /// <summary>This writer's id for the controller: its time marks (and transaction commits) are kept under it.</summary>
    public string WriterId { get; } = Guid.NewGuid().ToString();

    /// <summary>
    /// Notes that every event this writer wrote so far carries a time at or before <paramref name="timestamp"/>
    /// (Pravega's <c>noteTime</c>): the controller combines the writers' marks into the stream's watermarks, which
    /// readers turn into time windows. The position sent is, per current segment, the segment's length in the last
    /// acknowledgement (-1 for a segment not written yet), so call it after the events it covers are acknowledged
    /// (<see cref="FlushAsync"/>). A time going backwards or a position the stream does not have is
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public async Task NoteTimeAsync(long timestamp, CancellationToken cancellationToken = default)
    {
        var position = new Proto.StreamCut { StreamInfo = ProtoConvert.Info(_stream) };
        lock (_lock)
        {
            foreach (var route in _routes)
            {
                position.Cut[route.SegmentId] = route.Writer.LastObservedWriteOffset;
            }
        }
        var request = new Proto.TimestampFromWriter { Writer = WriterId, Position = position, Timestamp = timestamp };
        var response = await _controller.CallAsync((c, o) => c.noteTimestampFromWriterAsync(request, o), cancellationToken).ConfigureAwait(false);
        switch (response.Result)
        {
            case Proto.TimestampResponse.Types.Status.Success:
                return;
            case Proto.TimestampResponse.Types.Status.InvalidTime:
                throw new ArgumentException($"time {timestamp} is before a time this writer noted already", nameof(timestamp));
            case Proto.TimestampResponse.Types.Status.InvalidPosition:
                throw new ArgumentException($"the controller refused the writer's position {position.Cut}", nameof(timestamp));
            default:
                throw new ControllerFailureException($"noteTimestampFromWriter on {_stream}: {response.Result}");
        }
    }
}
