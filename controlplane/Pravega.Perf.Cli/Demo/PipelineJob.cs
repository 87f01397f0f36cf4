using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.State;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Transactions;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Cli.Demo;

/// <summary>
/// The exactly-once pipeline (README "Exactly-once pipeline"): reads the input stream with a reader group, transforms
/// each event (<see cref="Transform"/>), and writes the results into a transaction on the output stream. The
/// transaction is a two-phase commit tied to the group's checkpoints, as Flink's Pravega sink does it:
/// <list type="number">
/// <item>begin a transaction and record its id in the job state (durable before anything is written into it);</item>
/// <item>at the checkpoint barrier (the reader hands back the checkpoint): flush the transaction (pre-commit), begin the
/// next one for the events after the barrier;</item>
/// <item>when the checkpoint completed: record it, with its input cut and the transaction, in the job state;</item>
/// <item>only then commit the transaction, and record that it is settled.</item>
/// </list>
/// A crash anywhere leaves either a recorded checkpoint (its transaction is committed at recovery) or not (its
/// transaction is aborted, and the input after the previous checkpoint is read again): see PipelineJob.Recovery.cs.
/// </summary>
internal sealed partial class PipelineJob : IAsyncDisposable
{
    /// <summary>How long one read waits for an event, so the loop notices due and completed checkpoints on a quiet input.</summary>
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(50);

    private readonly PipelineSettings _settings;
    private readonly TextWriter _log;
    private readonly EventStreamClientFactory _factory;
    private readonly ReaderGroupManager _groups;
    private readonly SynchronizerClientFactory _synchronizers;
    private readonly TransactionalEventStreamWriter<string> _writer;
    private StateSynchronizer<JobState>? _state;
    private ReaderGroup? _group;

    private PipelineJob(PipelineSettings settings, TextWriter log)
    {
        _settings = settings;
        _log = log;
        _factory = EventStreamClientFactory.WithScope(settings.Scope, settings.Client);
        _groups = ReaderGroupManager.WithScope(settings.Scope, settings.Client);
        _synchronizers = SynchronizerClientFactory.WithScope(settings.Scope, settings.Client);
        // Pravega's default lease (10 min): a transaction whose checkpoint completed must outlive a crash of the job
        // until the restarted job commits it; the lease bounds how long that may take.
        _writer = _factory.CreateTransactionalWriter(settings.Output, new Utf8StringSerializer());
    }

    private JobState State => _state!.State!;

    /// <summary>Checks that the scope and both streams exist (<see cref="DemoException"/> with exit code 4 if not), then
    /// opens or creates the job's state stream and reader group.</summary>
    public static async Task<PipelineJob> OpenAsync(PipelineSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        await using (var streams = new StreamManager(settings.Client))
        {
            await DemoException.RequireStreamsAsync(streams, settings.Scope, [settings.Input, settings.Output], cancellationToken).ConfigureAwait(false);
            await streams.CreateStreamAsync(settings.Scope, settings.StateStream, new StreamConfiguration { Scaling = ScalingPolicy.Fixed(1) }, cancellationToken)
                .ConfigureAwait(false);
        }
        var job = new PipelineJob(settings, log);
        try
        {
            job._state = await job._synchronizers.CreateStateSynchronizerAsync(settings.StateStream, new JsonEventSerializer<JobState>(), cancellationToken)
                .ConfigureAwait(false);
            await job._state.InitializeAsync(new JobState(), cancellationToken).ConfigureAwait(false);
            await job._groups.CreateReaderGroupAsync(settings.ReaderGroup, job.GroupConfig(), cancellationToken).ConfigureAwait(false);
            job._group = await job._groups.GetReaderGroupAsync(settings.ReaderGroup, cancellationToken).ConfigureAwait(false);
            return job;
        }
        catch
        {
            await job.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Recovers, then runs until <paramref name="cancellationToken"/> is cancelled (or a failure is thrown).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await _factory.CreateReaderAsync(_settings.ReaderId, _settings.ReaderGroup, new Utf8StringSerializer(), cancellationToken)
            .ConfigureAwait(false);
        var current = await BeginAsync(cancellationToken).ConfigureAwait(false);
        Epoch? precommitted = null;
        var due = DateTime.UtcNow + _settings.CheckpointInterval;
        while (true)
        {
            var read = await reader.ReadNextEventAsync(PollTimeout, cancellationToken).ConfigureAwait(false);
            if (read.HasEvent)
            {
                current.Write(read.Event!);
            }
            else if (read.CheckpointName is { } name && name == current.CheckpointName)
            {
                // The barrier: every event before it is in the current transaction. Pre-commit makes them durable;
                // events after it belong to the next checkpoint, so they go into a new transaction.
                await current.FlushAsync().ConfigureAwait(false);
                precommitted = current;
                current = await BeginAsync(cancellationToken).ConfigureAwait(false);
            }
            // The checkpoint completes once this reader passed it, which it does on the read after the barrier.
            if (precommitted?.Completion is { IsCompleted: true } completion)
            {
                await CommitAsync(precommitted, await completion.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                precommitted = null;
                due = DateTime.UtcNow + _settings.CheckpointInterval;
            }
            // One checkpoint at a time: the next one starts when the previous one is committed and the interval passed.
            if (precommitted is null && current.Completion is null && DateTime.UtcNow >= due)
            {
                current.Completion = _group!.InitiateCheckpointAsync(current.CheckpointName, cancellationToken);
            }
        }
    }

    /// <summary>Phase 0: a transaction for the next checkpoint, recorded before any event goes into it.</summary>
    private async Task<Epoch> BeginAsync(CancellationToken cancellationToken)
    {
        var transaction = await _writer.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var id = transaction.Id.ToString();
        var state = await _state!.UpdateStateAsync(s => s.WithOpen(new OpenTransaction(id, s.NextCheckpoint)), cancellationToken).ConfigureAwait(false);
        var checkpoint = state.Open.Single(t => t.Transaction == id).Checkpoint;
        return new Epoch(transaction, checkpoint, _settings.CheckpointName(checkpoint));
    }

    /// <summary>Phase 2: the checkpoint completed; record it, then commit its transaction, then record that.</summary>
    private async Task CommitAsync(Epoch epoch, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        var cut = checkpoint.Positions[_settings.InputStream].Positions.ToDictionary(p => p.Key.SegmentId, p => p.Value);
        var transaction = epoch.Transaction.Id.ToString();
        await _state!.UpdateStateAsync(s => s with { Completed = new CompletedCheckpoint(epoch.Checkpoint, cut, transaction, epoch.Events) }, cancellationToken)
            .ConfigureAwait(false);
        await epoch.Transaction.CommitAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await _state.UpdateStateAsync(s => s.WithoutOpen(transaction), cancellationToken).ConfigureAwait(false);
        await epoch.Transaction.DisposeAsync().ConfigureAwait(false);
        _log.WriteLine($"checkpoint {epoch.Checkpoint}: {epoch.Events} events, transaction {transaction} committed");
    }

    /// <summary>Where a reset puts the group: the input from its head, or from <paramref name="cut"/>.</summary>
    private ReaderGroupConfig GroupConfig(Dictionary<long, long>? cut = null)
    {
        var input = _settings.InputStream;
        var start = cut is null ? null : new StreamCut(input, cut.ToDictionary(p => new Segment(input, p.Key), p => p.Value));
        // Readers look at the group state this often: it bounds how long a checkpoint takes to reach the reader.
        var refresh = TimeSpan.FromTicks(Math.Clamp(_settings.CheckpointInterval.Ticks / 4, TimeSpan.TicksPerMillisecond * 20, TimeSpan.TicksPerSecond));
        return new ReaderGroupConfig { Streams = [new StreamRange(input, start)], GroupRefreshTime = refresh };
    }

    public async ValueTask DisposeAsync()
    {
        _group?.Dispose();
        _state?.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _synchronizers.DisposeAsync().ConfigureAwait(false);
        await _groups.DisposeAsync().ConfigureAwait(false);
        await _factory.DisposeAsync().ConfigureAwait(false);
    }
}
