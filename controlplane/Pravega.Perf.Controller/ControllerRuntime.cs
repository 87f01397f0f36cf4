using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Controller.Cluster;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.ReaderGroups;
using Pravega.Perf.Controller.Retention;
using Pravega.Perf.Controller.Scaling;
using Pravega.Perf.Controller.Scopes;
using Pravega.Perf.Controller.Segments;
using Pravega.Perf.Controller.Streams;
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

    public ControllerRuntime(IMetadataStore store, IStreamSegmentStore segments, IContainerOwnership ownership, ControllerOptions options,
        ILoggerFactory loggerFactory, TimeProvider? time = null, IAsyncDisposable? owned = null)
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
        Scopes = new ScopeService(store, Streams, ReaderGroups, locks, index, time, loggerFactory.CreateLogger<ScopeService>());
        AutoScaler = new AutoScaler(Streams, Microsoft.Extensions.Options.Options.Create(options), time, loggerFactory.CreateLogger<AutoScaler>());
        StreamCutAtTime = new StreamCutAtTime(Streams, new SegmentTimeIndex(segments));
        Retention = new RetentionService(store, segments, Streams, time, loggerFactory.CreateLogger<RetentionService>());
        _recovery = new WorkflowRecovery(index, Streams, Scopes, ReaderGroups, loggerFactory.CreateLogger<WorkflowRecovery>());
    }

    /// <summary>A runtime whose metadata lives in table segments on the segment stores of <paramref name="ownership"/>.</summary>
    public static ControllerRuntime Create(IContainerOwnership ownership, IOptions<ControllerOptions> options, ILoggerFactory loggerFactory,
        TimeProvider? time = null)
    {
        var locator = new SegmentLocator(ownership);
        var client = new SegmentStoreClient(locator, new SegmentStoreClientOptions(), loggerFactory.CreateLogger<SegmentStoreClient>());
        return new ControllerRuntime(new TableSegmentMetadataStore(client), new SegmentStoreGateway(client), ownership, options.Value, loggerFactory, time, client);
    }

    public ControllerOptions Options { get; }

    public IMetadataStore Store { get; }

    public IContainerOwnership Ownership { get; }

    public SegmentLocator Locator { get; }

    public StreamService Streams { get; }

    public ScopeService Scopes { get; }

    public ReaderGroupService ReaderGroups { get; }

    public AutoScaler AutoScaler { get; }

    public RetentionService Retention { get; }

    public StreamCutAtTime StreamCutAtTime { get; }

    /// <summary>Creates the system tables if they are missing, then finishes every workflow an earlier run left; returns how many.</summary>
    public async Task<int> StartAsync(CancellationToken cancellationToken)
    {
        await Store.CreateTableAsync(MetadataTables.Scopes, cancellationToken).ConfigureAwait(false);
        await Store.CreateTableAsync(MetadataTables.Workflows, cancellationToken).ConfigureAwait(false);
        return await _recovery.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
