using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Client.Admin;

/// <summary>
/// Manual scaling and the active segments with their key ranges (Pravega's <c>Controller.scaleStream</c> and
/// <c>getCurrentSegments</c>): what a user who inspects or reshapes a stream needs beyond <see cref="StreamInfo"/>.
/// </summary>
public sealed partial class StreamManager
{
    /// <summary>The stream's active segments (its current epoch), each with the key range it owns, ordered by range.</summary>
    public async Task<IReadOnlyList<SegmentKeyRange>> GetActiveSegmentsAsync(string scope, string stream, CancellationToken cancellationToken = default)
    {
        var scoped = new ScopedStream(scope, stream);
        var info = ProtoConvert.Info(scoped);
        var current = await _controller.CallAsync((c, o) => c.getCurrentSegmentsAsync(info, o), cancellationToken).ConfigureAwait(false);
        return [.. current.SegmentRanges_
            .Select(r => new SegmentKeyRange(new Segment(scoped, r.SegmentId.SegmentId_), r.MinKey, r.MaxKey))
            .OrderBy(r => r.Low)];
    }

    /// <summary>
    /// Seals <paramref name="sealSegmentIds"/> and replaces them by segments owning <paramref name="newRanges"/> (which
    /// must cover exactly the sealed segments' keys), then waits until the scale completed. False when the stream does
    /// not exist; <see cref="InvalidOperationException"/> when the controller refuses the request (segments not active,
    /// ranges that do not match, stream sealed); <see cref="ControllerFailureException"/> when the scale fails.
    /// </summary>
    public async Task<bool> ScaleStreamAsync(string scope, string stream, IReadOnlyCollection<long> sealSegmentIds,
        IReadOnlyCollection<(double Low, double High)> newRanges, CancellationToken cancellationToken = default)
    {
        var info = ProtoConvert.Info(new ScopedStream(scope, stream));
        if (!(await _controller.CallAsync((c, o) => c.checkStreamExistsAsync(info, o), cancellationToken).ConfigureAwait(false)).Exists)
        {
            return false;
        }
        var request = new ScaleRequest { StreamInfo = info, ScaleTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
        request.SealedSegments.AddRange(sealSegmentIds);
        request.NewKeyRanges.AddRange(newRanges.Select(r => new ScaleRequest.Types.KeyRangeEntry { Start = r.Low, End = r.High }));
        var started = await _controller.CallAsync((c, o) => c.scaleAsync(request, o), cancellationToken).ConfigureAwait(false);
        switch (started.Status)
        {
            case ScaleResponse.Types.ScaleStreamStatus.Started:
                break;
            case ScaleResponse.Types.ScaleStreamStatus.PreconditionFailed:
                throw new InvalidOperationException($"scale of '{scope}/{stream}' refused: the segments are not all active or the ranges do not cover exactly theirs");
            default:
                throw new ControllerFailureException($"scale {scope}/{stream}: {started.Status}");
        }
        // The controller answers once the scale is recorded; the epoch flips when its workflow finishes.
        var poll = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var status = await _controller.CallAsync(
                (c, o) => c.checkScaleAsync(new ScaleStatusRequest { StreamInfo = info, Epoch = started.Epoch }, o), cancellationToken).ConfigureAwait(false);
            switch (status.Status)
            {
                case ScaleStatusResponse.Types.ScaleStatus.Success:
                    return true;
                case ScaleStatusResponse.Types.ScaleStatus.InProgress:
                    await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
                    poll = TimeSpan.FromMilliseconds(Math.Min(500, poll.TotalMilliseconds * 2));
                    break;
                default:
                    throw new ControllerFailureException($"scale {scope}/{stream}: {status.Status}");
            }
        }
    }
}
