using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Controller.Cluster;
using Pravega.Perf.Controller.KeyValueTables;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.ReaderGroups;
using Pravega.Perf.Controller.Retention;
using Pravega.Perf.Controller.Scaling;
using Pravega.Perf.Controller.Scopes;
using Pravega.Perf.Controller.Segments;
using Pravega.Perf.Controller.Streams;
using Pravega.Perf.Controller.Transactions;
using Pravega.Perf.Controller.Watermarks;
using Pravega.Perf.Controller.Workflows;

namespace Pravega.Perf.Controller;

/// <summary>
/// The controller's parts wired together: metadata in table segments of the segment stores that
/// <see cref="IContainerOwnership"/> names, reached through one <see cref="SegmentStoreClient"/>. A host creates one,
/// calls <see cref="StartAsync"/> (system tables, then recovery of unfinished workflows) and serves RPCs from its
/// services; tests build one over <see cref="InMemoryMetadataStore"/> and a fake <see cref="IStreamSegmentStore"/>.
/// </summary>
public sealed class ControllerRuntime : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owned;
    private readonly WorkflowRecovery _recovery;
    private Task? _leaseChecks;

    public ControllerRuntime(IMetadataStore store, IStreamSegmentStore segments, IContainerOwnership ownership, ControllerOptions options,
        ILoggerFactory loggerFactory, TimeProvider? time = null, IAsyncDisposable? owned = null, IMarkStreamLog? markStreams = null)
    {
        time ??= TimeProvider.System;
        _owned = owned;
        Options = options;
        Store = store;
        Ownership = ownership;
        Locator = new SegmentLocator(ownership);
        var locks = new KeyedLock();
        var index = new WorkflowIndex(store);
        var views = new StreamViews(store, options.MetadataCacheMaxAge);
        Streams = new StreamService(store, segments, views, locks, index, time, loggerFactory.CreateLogger<StreamService>());
        ReaderGroups = new ReaderGroupService(store, Streams, locks, index, time, loggerFactory.CreateLogger<ReaderGroupService>());
        KeyValueTables = new KeyValueTableService(store, segments, locks, index, time, loggerFactory.CreateLogger<KeyValueTableService>());
        Scopes = new ScopeService(store, Streams, ReaderGroups, KeyValueTables, locks, index, time, loggerFactory.CreateLogger<ScopeService>());
        Buckets = new ControllerBuckets(Guid.NewGuid().ToString(), options);
        Transactions = new TransactionService(store, segments, Streams, options, time, loggerFactory.CreateLogger<TransactionService>());
        AutoScaler = new AutoScaler(Streams, Microsoft.Extensions.Options.Options.Create(options), time, loggerFactory.CreateLogger<AutoScaler>());
        Time = time;
        Watermarks = markStreams is null ? null : new WatermarkService(store, Streams, markStreams, time, loggerFactory.CreateLogger<WatermarkService>());
        if (Watermarks is { } watermarks)
        {
            Transactions.Committed = (scope, stream, record, cancellationToken) =>
                CommitTimeMarks.NoteAsync(watermarks, Streams, segments, scope, stream, record, cancellationToken);
        }
        StreamCutAtTime = new StreamCutAtTime(Streams, new SegmentTimeIndex(segments));
        Retention = new RetentionService(store, segments, Streams, time, loggerFactory.CreateLogger<RetentionService>());
        _recovery = new WorkflowRecovery(index, Streams, Scopes, ReaderGroups, KeyValueTables, loggerFactory.CreateLogger<WorkflowRecovery>());
    }

    /// <summary>A runtime whose metadata lives in table segments on the segment stores of <paramref name="ownership"/>.</summary>
    public static ControllerRuntime Create(IContainerOwnership ownership, IOptions<ControllerOptions> options, ILoggerFactory loggerFactory,
        TimeProvider? time = null)
    {
        var locator = new SegmentLocator(ownership);
        var client = new SegmentStoreClient(locator, new SegmentStoreClientOptions(), loggerFactory.CreateLogger<SegmentStoreClient>());
        return new ControllerRuntime(new TableSegmentMetadataStore(client), new SegmentStoreGateway(client), ownership, options.Value, loggerFactory, time, client,
            new SegmentMarkStreamLog(client));
    }

    public ControllerOptions Options { get; }

    public IMetadataStore Store { get; }

    public IContainerOwnership Ownership { get; }

    public SegmentLocator Locator { get; }

    public StreamService Streams { get; }

    public ScopeService Scopes { get; }

    public ReaderGroupService ReaderGroups { get; }

    public AutoScaler AutoScaler { get; }

    public TransactionService Transactions { get; }

    public KeyValueTableService KeyValueTables { get; }

    public ControllerBuckets Buckets { get; }

    /// <summary>Writer marks and the watermark job; null when the runtime was built without a mark-stream log (it then serves no watermark RPC).</summary>
    public WatermarkService? Watermarks { get; }

    /// <summary>The clock every service and periodic job of this runtime reads.</summary>
    public TimeProvider Time { get; }

    public RetentionService Retention { get; }

    public StreamCutAtTime StreamCutAtTime { get; }

    /// <summary>Creates the system tables if they are missing, then finishes every workflow an earlier run left; returns how many.</summary>
    public async Task<int> StartAsync(CancellationToken cancellationToken)
    {
        await Store.CreateTableAsync(MetadataTables.Scopes, cancellationToken).ConfigureAwait(false);
        await Store.CreateTableAsync(MetadataTables.Workflows, cancellationToken).ConfigureAwait(false);
        await Store.CreateTableAsync(MetadataTables.DeletedKeyValueTables, cancellationToken).ConfigureAwait(false);
        await Store.CreateTableAsync(MetadataTables.WatermarkStreams, cancellationToken).ConfigureAwait(false);
        var workflows = await _recovery.RunAsync(cancellationToken).ConfigureAwait(false);
        await Transactions.RecoverAsync(cancellationToken).ConfigureAwait(false);
        _leaseChecks ??= Task.Run(Transactions.RunLeaseChecksAsync, CancellationToken.None);
        return workflows;
    }

    public async ValueTask DisposeAsync()
    {
        await Transactions.DisposeAsync().ConfigureAwait(false);
        if (_leaseChecks is not null)
        {
            await _leaseChecks.ConfigureAwait(false);
        }
        if (_owned is not null)
        {
            await _owned.DisposeAsync().ConfigureAwait(false);
        }
    }
}
