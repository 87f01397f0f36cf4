using Pravega.Perf.SegmentStore.Tables;

namespace Pravega.Perf.SegmentStore.Tests.Tables;

/// <summary>A fresh <see cref="TableHarness"/> per test, with the class's tables created.</summary>
public abstract class TableTestBase : IAsyncLifetime
{
    internal TableHarness Harness { get; private set; } = null!;

    protected TableStore Tables => Harness.Tables;

    public async ValueTask InitializeAsync()
    {
        Harness = await TableHarness.StartAsync();
        await CreateTablesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract Task CreateTablesAsync();
}
