using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Tables;

namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// <see cref="ITableStore"/> on top of any <see cref="ISegmentStore"/>: entries are appended to the table segment
/// (<see cref="EntrySerializer"/>), an in-memory index maps each key to its latest entry, and the index is rebuilt on
/// first use by loading the newest snapshot from the companion segment <c>&lt;table&gt;$index</c> and scanning only the
/// tail after it. Every batch is one conditional append at the length the table will have once the batches accepted
/// before it are appended, so a writer outside this store (another instance, a raw append) can never interleave with
/// a batch: the append fails, the index catches up with what was written, the conditions are checked again. Batches
/// of concurrent callers are in flight together (one group commit can carry many) and are applied to the index in
/// append order.
/// </summary>
public sealed partial class TableStore : ITableStore
{
    /// <summary>Suffix of the segment that holds a table's index snapshots.</summary>
    public const string IndexSegmentSuffix = "$index";

    private readonly ISegmentStore _store;
    private readonly TableStoreOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableSegment>>> _open = new(StringComparer.Ordinal);
    private readonly Lock _tasksLock = new();
    private readonly HashSet<Task> _maintenance = [];
    private long _bytesScanned;
    private int _disposed;

    /// <summary>Creates a table store over <paramref name="store"/>, whose lifetime stays the caller's.</summary>
    public TableStore(ISegmentStore store, TableStoreOptions? options = null, ILogger<TableStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new TableStoreOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Bytes of table segments scanned to rebuild indexes so far (recovery cost, for tests).</summary>
    internal long BytesScanned => Interlocked.Read(ref _bytesScanned);

    /// <summary>The name of a table's index-snapshot segment.</summary>
    public static string GetIndexSegmentName(string tableSegmentName) => tableSegmentName + IndexSegmentSuffix;

    /// <inheritdoc />
    public async Task CreateAsync(string segmentName, TableSegmentConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(segmentName);
        ArgumentOutOfRangeException.ThrowIfNegative(config.KeyLength);
        if (config.KeyLength > TableLimits.MaxKeyLength)
        {
            throw new TableLimitExceededException(segmentName, "key length", config.KeyLength, TableLimits.MaxKeyLength);
        }
        ThrowIfDisposed();
        var attributes = new List<AttributeUpdate>
        {
            AttributeUpdate.Replace(TableAttributes.InstanceId, NewInstanceId()),
            AttributeUpdate.Replace(SegmentAttributes.RolloverSize, Math.Max(0, config.RolloverSizeBytes)),
        };
        if (config.IsFixedKeyLength)
        {
            attributes.Add(AttributeUpdate.Replace(TableAttributes.KeyLength, config.KeyLength));
        }
        var type = config.IsFixedKeyLength ? SegmentType.FixedKeyLengthTableSegment : SegmentType.TableSegment;
        await _store.CreateSegmentAsync(segmentName, type, attributes, cancellationToken).ConfigureAwait(false);
        _open.TryRemove(segmentName, out _);
        // An index segment left by an earlier table of this name would not match the new instance id anyway; drop it.
        await DeleteIfExistsAsync(GetIndexSegmentName(segmentName)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string segmentName, bool mustBeEmpty, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var table = await OpenAsync(segmentName).ConfigureAwait(false);
            await table.MaintenanceLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await table.UpdateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await DrainAsync(table).ConfigureAwait(false);
                    if (table.IsDeleted)
                    {
                        continue;
                    }
                    if (mustBeEmpty)
                    {
                        await CatchUpAsync(table).ConfigureAwait(false);
                        int count;
                        lock (table.IndexLock)
                        {
                            count = table.Index.Count;
                        }
                        if (count > 0)
                        {
                            throw new TableSegmentNotEmptyException(segmentName, count);
                        }
                    }
                    try
                    {
                        await _store.DeleteAsync(segmentName, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        Forget(table);
                    }
                    await DeleteIfExistsAsync(GetIndexSegmentName(segmentName)).ConfigureAwait(false);
                    return;
                }
                finally
                {
                    table.UpdateLock.Release();
                }
            }
            finally
            {
                table.MaintenanceLock.Release();
            }
        }
    }

    /// <inheritdoc />
    public async Task<TableSegmentInfo> GetInfoAsync(string segmentName, CancellationToken cancellationToken = default)
    {
        var table = await OpenAsync(segmentName).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (table.IndexLock)
        {
            return new TableSegmentInfo(table.StartOffset, table.Length, table.Index.Count, table.KeyLength);
        }
    }

    /// <summary>Waits for background maintenance to finish; the segment store stays open (it is the caller's).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Task[] running;
        lock (_tasksLock)
        {
            running = [.. _maintenance];
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>The open state of a table segment, loading it (snapshot + tail scan) on first use.</summary>
    private async Task<TableSegment> OpenAsync(string segmentName)
    {
        ArgumentException.ThrowIfNullOrEmpty(segmentName);
        ThrowIfDisposed();
        var lazy = _open.GetOrAdd(segmentName, static (name, self) => new Lazy<Task<TableSegment>>(() => self.LoadAsync(name)), this);
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failed load (missing segment, not a table, I/O) is not cached: the next call tries again.
            _open.TryRemove(KeyValuePair.Create(segmentName, lazy));
            throw;
        }
    }

    /// <summary>Drops a table's open state (deleted, or found missing).</summary>
    private void Forget(TableSegment table)
    {
        table.IsDeleted = true;
        if (_open.TryGetValue(table.Name, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully
            && ReferenceEquals(lazy.Value.Result, table))
        {
            _open.TryRemove(KeyValuePair.Create(table.Name, lazy));
        }
    }

    private async Task DeleteIfExistsAsync(string segmentName)
    {
        try
        {
            await _store.DeleteAsync(segmentName).ConfigureAwait(false);
        }
        catch (StreamSegmentNotExistsException)
        {
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static long NewInstanceId()
    {
        Span<byte> bytes = stackalloc byte[8];
        long id;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            id = BitConverter.ToInt64(bytes) & long.MaxValue;
        }
        while (id == 0);
        return id;
    }
}
