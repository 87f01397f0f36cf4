using System.Globalization;
using Microsoft.Extensions.Logging;
using Pravega.Perf.Common;
using Pravega.Perf.Interop.IoUring;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.SegmentStore.Cache;
using Pravega.Perf.SegmentStore.Containers;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Reading;
using Pravega.Perf.SegmentStore.Storage;
using Pravega.Perf.SegmentStore.Storage.FileSystem;
using Pravega.Perf.SegmentStore.StorageWriter;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.SegmentStore;

/// <summary>
/// The segment store engine: the owned segment containers (each with its WAL, metadata and read index) behind
/// <see cref="ISegmentStore"/>. A request is routed by segment name to its container
/// (<see cref="SegmentStoreOptions.ContainerMapper"/>); one for a container not owned here fails with
/// <see cref="ContainerNotFoundException"/>.
/// </summary>
public sealed class SegmentStoreService : ISegmentStore
{
    private readonly Func<string, int> _mapper;
    private readonly int _containerCount;
    private readonly SegmentContainer?[] _containers;
    private readonly BlockCache _cache;
    private readonly Ring? _walRing;
    private int _disposed;

    private SegmentStoreService(SegmentStoreOptions options, Func<string, int> mapper, SegmentContainer?[] containers,
        BlockCache cache, WalBackendChoice walBackend, ChunkWriteModeChoice? storageWriteMode, Ring? walRing)
    {
        StorageWriteMode = storageWriteMode;
        _mapper = mapper;
        _containerCount = options.ContainerCount;
        _containers = containers;
        _cache = cache;
        WalBackend = walBackend;
        _walRing = walRing;
    }

    /// <summary>The WAL back-end in use and why (the host logs <see cref="WalBackendChoice.Description"/>).</summary>
    public WalBackendChoice WalBackend { get; }

    /// <summary>How the file-system Tier-2 writes chunk bytes and why (logged at start); null when Tier-2 is off or comes
    /// from <see cref="SegmentStoreOptions.StorageFactory"/>.</summary>
    public ChunkWriteModeChoice? StorageWriteMode { get; }

    /// <summary>
    /// Opens (fencing out any earlier owner) and recovers every owned container, in parallel, and returns the running
    /// store. Recovery replays each container's WAL; the store serves requests only once all are recovered.
    /// </summary>
    public static async Task<SegmentStoreService> StartAsync(SegmentStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ContainerCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WalWritesInFlight, 1);
        var mapper = options.ContainerMapper ?? DefaultMapper(options.ContainerCount);
        if (options.MaxOperationSize + 64 * 1024 > options.WalFileSize && options.WalDeviceFactory is null)
        {
            throw new ArgumentException("WalFileSize must exceed MaxOperationSize by at least 64 KiB.", nameof(options));
        }
        ValidateStorageOptions(options);
        var owned = options.OwnedContainers ?? Enumerable.Range(0, options.ContainerCount).ToArray();
        var walBackend = options.WalDeviceFactory is null
            ? WalBackendChoice.Resolve(options.WalBackend, options.DataDirectory)
            : new WalBackendChoice(Wal.WalBackend.Managed, "WAL: devices from WalDeviceFactory");
        if (walBackend.Backend == Wal.WalBackend.IoUring)
        {
            walBackend = walBackend with
            {
                Description = $"{walBackend.Description}, up to {options.WalWritesInFlight} frames in flight per container",
            };
        }
        var storageWriteMode = options.Tier2Enabled && options.StorageFactory is null
            ? ChunkWriteModeChoice.Resolve(options.StorageWriteMode, Tier2Root(options))
            : null;
        var cache = new BlockCache(options.CacheSizeBytes, options.CacheBlockSize);
        cache.Throttle.Enabled = options.Tier2Enabled; // without Tier-2 nothing becomes evictable: fail fast instead
        if (options.CachePreTouch)
        {
            cache.PreTouch();
        }
        var containers = new SegmentContainer?[options.ContainerCount];
        // One ring for every container's WAL: their frames (up to WalWritesInFlight per container) share a dispatcher thread,
        // and the flushes run concurrently on the kernel's io-wq workers.
        Ring? walRing = null;
        try
        {
            if (walBackend.Backend == Wal.WalBackend.IoUring)
            {
                walRing = Ring.Create(new RingOptions { Entries = 64, ThreadName = "wal-io_uring" });
            }
            await Parallel.ForEachAsync(owned.Distinct(), cancellationToken, (id, _) =>
            {
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, options.ContainerCount);
                var directory = Path.Combine(options.DataDirectory, "container-" + id.ToString(CultureInfo.InvariantCulture));
                var device = options.WalDeviceFactory?.Invoke(id) ?? walBackend.Backend switch
                {
                    Wal.WalBackend.IoUring => new UringWalDevice(directory, options.WalFileSize, options.WalMaxFileCount,
                        options.WalSpareFileCount, walRing, options.WalWritesInFlight),
                    Wal.WalBackend.Direct => new DirectWalDevice(directory, options.WalFileSize, options.WalMaxFileCount,
                        options.WalSpareFileCount),
                    _ => new FileWalDevice(directory, options.WalFileSize, options.WalMaxFileCount, options.WalSpareFileCount),
                };
                var container = new SegmentContainer(id, options, device, cache, StorageFactory(options, id, storageWriteMode));
                try
                {
                    container.Start();
                }
                catch
                {
                    container.Dispose();
                    throw;
                }
                containers[id] = container;
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
        }
        catch
        {
            foreach (var container in containers)
            {
                container?.Dispose();
            }
            cache.Dispose();
            walRing?.Dispose();
            throw;
        }
        if (storageWriteMode is not null && options.LoggerFactory is { } loggers)
        {
            StorageWriterLog.WriteMode(loggers.CreateLogger<SegmentStoreService>(), storageWriteMode.Description);
        }
        return new SegmentStoreService(options, mapper, containers, cache, walBackend, storageWriteMode, walRing);
    }

    /// <summary>The ids of the containers running here.</summary>
    public IReadOnlyList<int> OwnedContainers => [.. _containers.Where(c => c is not null).Select(c => c!.Id)];

    /// <inheritdoc />
    public int GetContainerId(string segmentName) => _mapper(segmentName);

    /// <inheritdoc />
    public ValueTask<long> AppendAsync(string segmentName, in AppendData data, in WriterUpdate writer, long expectedOffset,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Route(segmentName).AppendAsync(segmentName, data, writer, expectedOffset);
    }

    /// <inheritdoc />
    public bool AppendsThrottled => _cache.Throttle.IsEngaged;

    /// <inheritdoc />
    public ValueTask WaitForAppendRoomAsync(CancellationToken cancellationToken = default) =>
        _cache.Throttle.WaitForRoomAsync(cancellationToken);

    /// <inheritdoc />
    public Task CreateSegmentAsync(string segmentName, SegmentType type, IReadOnlyCollection<AttributeUpdate> attributes,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Route(segmentName).CreateAsync(segmentName, type, attributes);
    }

    /// <inheritdoc />
    public async Task<string> CreateTransientSegmentAsync(string parentSegmentName, Uuid writerId,
        CancellationToken cancellationToken = default)
    {
        var name = NameUtils.GetTransientSegmentName(parentSegmentName, writerId);
        await CreateSegmentAsync(name, SegmentType.Transient, [], cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <inheritdoc />
    public Task<SegmentProperties> GetSegmentInfoAsync(string segmentName, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Route(segmentName).GetSegmentInfo(segmentName));
    }

    /// <inheritdoc />
    public Task<long> SealAsync(string segmentName, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Route(segmentName).SealAsync(segmentName);
    }

    /// <inheritdoc />
    public Task TruncateAsync(string segmentName, long offset, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Route(segmentName).TruncateAsync(segmentName, offset);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string segmentName, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Route(segmentName).DeleteAsync(segmentName);
    }

    /// <inheritdoc />
    public Task<long> MergeAsync(string targetSegmentName, string sourceSegmentName,
        IReadOnlyCollection<AttributeUpdate> targetAttributeUpdates, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var container = Route(targetSegmentName);
        if (!ReferenceEquals(container, Route(sourceSegmentName)))
        {
            throw new ArgumentException(
                $"'{sourceSegmentName}' and '{targetSegmentName}' are in different containers and cannot be merged.");
        }
        return container.MergeAsync(targetSegmentName, sourceSegmentName, targetAttributeUpdates);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<Uuid, long>> GetAttributesAsync(string segmentName, IReadOnlyCollection<Uuid> attributeIds,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyDictionary<Uuid, long>>(Route(segmentName).GetAttributes(segmentName, attributeIds));
    }

    /// <inheritdoc />
    public ValueTask<long> GetAttributeAsync(string segmentName, Uuid attributeId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Route(segmentName).GetAttribute(segmentName, attributeId));
    }

    /// <inheritdoc />
    public Task UpdateAttributesAsync(string segmentName, IReadOnlyCollection<AttributeUpdate> updates,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Route(segmentName).UpdateAttributesAsync(segmentName, updates);
    }

    /// <inheritdoc />
    public ValueTask<SegmentReadResult> ReadAsync(string segmentName, long offset, int maxLength,
        CancellationToken cancellationToken = default) =>
        Route(segmentName).ReadAsync(segmentName, offset, maxLength, cancellationToken);

    /// <summary>Stops every container: accepted operations are finished (acknowledged or failed), tail reads end
    /// empty with <c>AtTail</c>, the logs are closed.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }
        return new ValueTask(Task.Run(() =>
        {
            Parallel.ForEach(_containers, c => c?.Dispose());
            _cache.Dispose();
            _walRing?.Dispose();
        }));
    }

    /// <summary>What the storage writer of an owned container did so far; null when it is not owned or Tier-2 is off.</summary>
    public StorageWriterStatistics? GetStorageStatistics(int containerId) =>
        Container(containerId) is { } container && container.HasStorage ? container.StorageStatistics : null;

    /// <summary>Flushes everything the owned containers committed so far to Tier-2 (an operator's FlushToStorage, and
    /// a way for tests to reach a known state); completes when nothing is left unflushed.</summary>
    public Task FlushToStorageAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_containers.Where(c => c is { HasStorage: true }).Select(c => c!.FlushToStorageAsync().WaitAsync(cancellationToken)));

    internal SegmentContainer? Container(int id) => id >= 0 && id < _containers.Length ? _containers[id] : null;

    private SegmentContainer Route(string segmentName)
    {
        var id = _mapper(segmentName);
        if ((uint)id >= (uint)_containerCount || _containers[id] is not { } container)
        {
            throw new ContainerNotFoundException(segmentName, id);
        }
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new SegmentStoreShutdownException(segmentName);
        }
        return container;
    }

    /// <summary>The container's Tier-2 for an epoch: the configured factory's, else the file system under
    /// <c>Tier2Directory</c> (default <c>&lt;DataDirectory&gt;/tier2</c>), one root per container.</summary>
    private static Func<long, IChunkedSegmentStorage>? StorageFactory(SegmentStoreOptions options, int id, ChunkWriteModeChoice? writeMode)
    {
        if (!options.Tier2Enabled)
        {
            return null;
        }
        if (options.StorageFactory is { } factory)
        {
            return epoch => factory(id, epoch);
        }
        var root = Path.Combine(Tier2Root(options), "container-" + id.ToString(CultureInfo.InvariantCulture));
        return epoch => new FileSystemChunkStorage(new FileSystemStorageOptions
        {
            Root = root,
            MaxChunkLength = options.StorageMaxChunkLength,
            CompressClosedChunks = options.StorageCompressClosedChunks,
            WriteMode = writeMode?.Mode ?? options.StorageWriteMode,
        }, epoch);
    }

    private static string Tier2Root(SegmentStoreOptions options) =>
        options.Tier2Directory ?? Path.Combine(options.DataDirectory, "tier2");

    private static void ValidateStorageOptions(SegmentStoreOptions options)
    {
        if (!options.Tier2Enabled)
        {
            return;
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StorageFlushThresholdBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.StorageFlushAgeMs);
        ArgumentOutOfRangeException.ThrowIfNegative(options.StorageFlushWalLagBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StorageMaxFlushBytes, 4096);
        ArgumentOutOfRangeException.ThrowIfNegative(options.StorageRetryDelayMs);
        ArgumentOutOfRangeException.ThrowIfNegative(options.StorageReadAheadBytes);
        if (options.StorageReadAlignment < options.CacheBlockSize || options.StorageReadAlignment % options.CacheBlockSize != 0)
        {
            throw new ArgumentException("StorageReadAlignment must be a multiple of CacheBlockSize.", nameof(options));
        }
    }

    private static Func<string, int> DefaultMapper(int containerCount)
    {
        var mapper = new SegmentToContainerMapper(containerCount);
        return name => mapper.GetContainerId(name);
    }
}
