using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Streams;

public sealed partial class StreamService
{
    /// <summary>
    /// Changes a stream's configuration (reference §1.9): the new scaling policy goes to every active segment, and a
    /// fixed policy with another count, or a minimum above the active count, rescales the stream: all active segments
    /// sealed and replaced by equal ranges (§1.8). Tag-only changes are allowed. A sealed stream answers
    /// <see cref="OperationStatus.StreamSealed"/>.
    /// </summary>
    public Task<OperationResult<bool>> UpdateStreamAsync(string scope, string stream, StreamConfiguration configuration, CancellationToken cancellationToken)
    {
        if (configuration.Validate() is { } error)
        {
            return Task.FromResult(OperationResult<bool>.Fail(OperationStatus.InvalidArgument, error));
        }
        return RunAsync(scope, stream, async view =>
        {
            if (view is null || !view.IsVisible)
            {
                return OperationResult<bool>.Fail(OperationStatus.StreamNotFound, $"stream '{scope}/{stream}' does not exist");
            }
            if (view.Head.State == StreamState.Sealed)
            {
                return OperationResult<bool>.Fail(OperationStatus.StreamSealed, $"stream '{scope}/{stream}' is sealed");
            }
            if (MetadataEquals(view.Head.Configuration, configuration))
            {
                return OperationResult<bool>.Ok(true);
            }
            var active = view.CurrentEpoch.Segments;
            var policy = configuration.Scaling;
            var target = policy.Type == ScaleType.FixedNumSegments
                ? (active.Count != policy.MinNumSegments ? policy.MinNumSegments : 0)
                : (active.Count < policy.MinNumSegments ? policy.MinNumSegments : 0);
            var rescale = target == 0 ? null : NewTransition(view, active.Select(s => s.SegmentId).ToList(), KeyRange.Split(0.0, 1.0, target), Now());
            await _workflows.AddAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
            view = await WriteHeadAsync(view, view.Head with { State = StreamState.Updating, PendingConfiguration = configuration, PendingScale = rescale },
                cancellationToken).ConfigureAwait(false);
            await FinishUpdateAsync(view, cancellationToken).ConfigureAwait(false);
            await _workflows.RemoveAsync(StreamIntent(view), cancellationToken).ConfigureAwait(false);
            return OperationResult<bool>.Ok(true);
        }, cancellationToken);
    }

    private async Task<StreamView> FinishUpdateAsync(StreamView view, CancellationToken cancellationToken)
    {
        var configuration = view.Head.PendingConfiguration!;
        if (view.Head.PendingScale is { } transition)
        {
            view = await SwitchEpochAsync(view, transition, configuration, cancellationToken).ConfigureAwait(false);
            await SealReplacedAsync(view, transition, cancellationToken).ConfigureAwait(false);
        }
        else if (configuration.Scaling != view.Head.Configuration.Scaling)
        {
            foreach (var segment in view.CurrentEpoch.Segments)
            {
                await _segments.UpdatePolicyAsync(SegmentName(view.Scope, view.Stream, segment.SegmentId), configuration.Scaling, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        var head = view.Head with { State = StreamState.Active, Configuration = configuration, PendingConfiguration = null, PendingScale = null };
        view = await WriteHeadAsync(view, head, cancellationToken).ConfigureAwait(false);
        ControllerLog.StreamUpdated(_logger, view.Scope, view.Stream, view.Head.CurrentEpoch);
        return view;
    }

    private static bool MetadataEquals(StreamConfiguration a, StreamConfiguration b) =>
        Metadata.MetadataJson.Serialize(a).AsSpan().SequenceEqual(Metadata.MetadataJson.Serialize(b));
}
