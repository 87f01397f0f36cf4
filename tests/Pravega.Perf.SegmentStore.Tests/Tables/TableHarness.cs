using System.Text;
using Pravega.Perf.SegmentStore.Tables;
using Pravega.Perf.Testing.SegmentStore;

namespace Pravega.Perf.SegmentStore.Tests.Tables;

/// <summary>A segment store on in-memory WALs (surviving restarts), a fault injector in front of it, and a table store
/// over that.</summary>
internal sealed class TableHarness : IAsyncDisposable
{
    private readonly InMemorySegmentStore _memory = new(2);

    private TableHarness()
    {
    }

    public SegmentStoreService Store { get; private set; } = null!;

    /// <summary>The in-memory logs and their fault injectors.</summary>
    public InMemorySegmentStore Memory => _memory;

    public FaultInjectingSegmentStore Faults { get; private set; } = null!;

    public TableStore Tables { get; private set; } = null!;

    /// <summary>Options without background maintenance, so tests decide when snapshots and compaction run.</summary>
    public static TableStoreOptions ManualOptions => new() { AutomaticMaintenance = false };

    public static async Task<TableHarness> StartAsync(TableStoreOptions? options = null)
    {
        var harness = new TableHarness();
        await harness.StartStoreAsync(options);
        return harness;
    }

    /// <summary>Stops the table store and the segment store (as a crash would: nothing is flushed that was not
    /// acknowledged), then starts both again on the same logs.</summary>
    public async Task RestartAsync(TableStoreOptions? options = null)
    {
        await Tables.DisposeAsync();
        await Store.DisposeAsync();
        await StartStoreAsync(options);
    }

    /// <summary>A second table store over the same segments (another writer, or this one after its process died).</summary>
    public TableStore NewTableStore(TableStoreOptions? options = null) => new(Store, options ?? ManualOptions);

    public async ValueTask DisposeAsync()
    {
        await Tables.DisposeAsync();
        await Store.DisposeAsync();
    }

    public static byte[] Key(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private async Task StartStoreAsync(TableStoreOptions? options)
    {
        Store = await _memory.StartAsync(o => o.MaxOperationSize = 16 << 20);
        Faults = new FaultInjectingSegmentStore(Store);
        Tables = new TableStore(Faults, options ?? ManualOptions);
    }
}
