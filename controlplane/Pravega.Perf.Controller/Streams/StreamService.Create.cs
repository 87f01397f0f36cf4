using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Workflows;

namespace Pravega.Perf.Controller.Streams;

public sealed partial class StreamService
{
    /// <summary>
    /// Creates a user stream with its segments (epoch 0, <c>minNumSegments</c> equal ranges) and its mark stream
    /// <c>_MARK&lt;stream&gt;</c>. <see cref="OperationStatus.StreamExists"/> when a stream of that name exists (whatever its
    /// configuration, as Pravega answers).
    /// </summary>
    public Task<OperationResult<bool>> CreateStreamAsync(string scope, string stream, StreamConfiguration configuration, CancellationToken cancellationToken) =>
        CreateAsync(scope, stream, configuration, NameValidation.IsValidUserStreamName(stream), cancellationToken);

    /// <summary>Creates an internal stream (<c>_RG…</c>, <c>_MARK…</c>): the same workflow, internal names allowed.</summary>
    public Task<OperationResult<bool>> CreateInternalStreamAsync(string scope, string stream, StreamConfiguration configuration, CancellationToken cancellationToken) =>
        CreateAsync(scope, stream, configuration, NameValidation.IsValidStreamName(stream), cancellationToken);

    private async Task<OperationResult<bool>> CreateAsync(string scope, string stream, StreamConfiguration configuration, bool validName,
        CancellationToken cancellationToken)
    {
        if (!validName)
        {
            return OperationResult<bool>.Fail(OperationStatus.InvalidName, $"stream name '{stream}' is not valid");
        }
        if (configuration.Validate() is { } error)
        {
            return OperationResult<bool>.Fail(OperationStatus.InvalidArgument, error);
        }
        if (!await ScopeExistsAsync(scope, cancellationToken).ConfigureAwait(false))
        {
            return OperationResult<bool>.Fail(OperationStatus.ScopeNotFound, $"scope '{scope}' does not exist");
        }
        return await RunAsync(scope, stream, async view =>
        {
            if (view is not null)
            {
                return OperationResult<bool>.Fail(OperationStatus.StreamExists, $"stream '{scope}/{stream}' exists");
            }
            var intent = new WorkflowIntent(WorkflowKind.CreateStream, scope, stream, configuration, Now());
            await _workflows.AddAsync(intent, cancellationToken).ConfigureAwait(false);
            await BeginCreateAsync(intent, cancellationToken).ConfigureAwait(false);
            return OperationResult<bool>.Ok(true);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finishes a creation found in the workflow index (the head record may not have been written yet).</summary>
    public Task ResumeCreateAsync(WorkflowIntent intent, CancellationToken cancellationToken) =>
        RunAsync(intent.Scope, intent.Name, async view =>
        {
            if (view is null)
            {
                await BeginCreateAsync(intent, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken);

    /// <summary>Listing entry, metadata table, head (CREATING) and epoch 0, then the rest of the workflow.</summary>
    private async Task BeginCreateAsync(WorkflowIntent intent, CancellationToken cancellationToken)
    {
        var (scope, stream, configuration) = (intent.Scope, intent.Name, intent.Configuration!);
        var table = MetadataTables.Stream(scope, stream);
        await _store.TryInsertAsync(MetadataTables.Streams(scope), stream, new StreamListing(intent.CreationTime), cancellationToken).ConfigureAwait(false);
        await _store.CreateTableAsync(table, cancellationToken).ConfigureAwait(false);
        var ranges = KeyRange.Split(0.0, 1.0, configuration.Scaling.MinNumSegments);
        var epoch = new EpochRecord(0, 0,
            ranges.Select((r, i) => new SegmentRecord(NameUtils.ComputeSegmentId(i, 0), intent.CreationTime, r.Low, r.High)).ToList(),
            intent.CreationTime);
        // Epoch 0 and the head in one atomic batch: a head never names an epoch that is not stored. A resumed creation
        // finds both written (the batch fails as a whole, and the stored records are the ones used).
        try
        {
            await _store.PutAsync(table,
            [
                new MetadataWrite(MetadataTables.EpochKey(0), MetadataJson.Serialize(epoch), MetadataVersions.NotExists),
                new MetadataWrite(MetadataTables.HeadKey, MetadataJson.Serialize(new StreamHead(configuration, StreamState.Creating, 0, intent.CreationTime)),
                    MetadataVersions.NotExists),
            ], cancellationToken).ConfigureAwait(false);
        }
        catch (MetadataConflictException)
        {
            // Written by an earlier run of this creation.
        }
        var view = await _views.LoadAsync(scope, stream, cancellationToken).ConfigureAwait(false)
            ?? throw new MetadataTableNotFoundException(table);
        await FinishCreateAsync(view, cancellationToken).ConfigureAwait(false);
        await _workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the segments and the mark stream, then makes the stream visible (ACTIVE).</summary>
    private async Task<StreamView> FinishCreateAsync(StreamView view, CancellationToken cancellationToken)
    {
        // The segments and the mark stream at once: the store's group commit makes concurrent creations share fsyncs.
        var work = new List<Task> { CreateSegmentsAsync(view, view.CurrentEpoch.Segments, view.Head.Configuration, cancellationToken) };
        if (!view.Stream.StartsWith(NameUtils.InternalNamePrefix, StringComparison.Ordinal))
        {
            work.Add(CreateMarkStreamAsync(view, cancellationToken));
        }
        await Task.WhenAll(work).ConfigureAwait(false);
        view = await WriteHeadAsync(view, view.Head with { State = StreamState.Active }, cancellationToken).ConfigureAwait(false);
        ControllerLog.StreamCreated(_logger, view.Scope, view.Stream, view.CurrentEpoch.Segments.Count);
        return view;
    }

    private async Task CreateMarkStreamAsync(StreamView view, CancellationToken cancellationToken)
    {
        var mark = NameUtils.GetMarkStreamForStream(view.Stream);
        var created = await CreateInternalStreamAsync(view.Scope, mark, StreamConfiguration.Fixed(1), cancellationToken).ConfigureAwait(false);
        if (!created.IsSuccess && created.Status != OperationStatus.StreamExists)
        {
            throw new InvalidOperationException($"mark stream {view.Scope}/{mark}: {created.Status} {created.Message}");
        }
    }

    /// <summary>Creates segments concurrently (each creation is idempotent).</summary>
    private Task CreateSegmentsAsync(StreamView view, IEnumerable<SegmentRecord> segments, StreamConfiguration configuration, CancellationToken cancellationToken) =>
        Task.WhenAll(segments.Select(segment => _segments.CreateSegmentAsync(SegmentName(view.Scope, view.Stream, segment.SegmentId),
            configuration.Scaling, configuration.RolloverSizeBytes, cancellationToken)));
}
