using Pravega.Perf.Interop.Files;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

public sealed class WalSparePoolTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wal-spares-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task AFailedLayoutIsRetriedAndTheSpareIsLaidOutOnceTheDiskWorksAgain()
    {
        const long FileSize = 1 << 20;
        // The directory does not exist yet: every layout fails with an IOException, as on a full disk.
        using var pool = new WalSparePool(_directory, FileSize, targetCount: 1, isLogBusy: () => false);
        pool.Start();
        await WaitUntil(() => pool.LastError is not null, "the failed layout is reported");
        Assert.True(pool.ReadyCount == 0, "no spare while the layout fails");

        Directory.CreateDirectory(_directory);
        await WaitUntil(() => pool.ReadyCount == 1, "the pool retries and lays the spare out once it can");
        Assert.True(pool.LastError is null, $"a successful layout clears the error: {pool.LastError}");
        var spare = Assert.Single(Directory.GetFiles(_directory, WalSparePool.FreePrefix + "*.log"));
        Assert.True(new FileInfo(spare).Length == FileSize, "the spare is full size");
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task WhileTheLogWritesOnlyOneSpareIsKeptReadyAndTheRestAreLaidOutWhenItIsIdle()
    {
        const long FileSize = 1 << 20;
        Directory.CreateDirectory(_directory);
        var busy = false;
        using var pool = new WalSparePool(_directory, FileSize, targetCount: 3, isLogBusy: () => Volatile.Read(ref busy));
        pool.Start();
        await WaitUntil(() => pool.ReadyCount == 3, "an idle log gets the full target");

        Volatile.Write(ref busy, true);
        Assert.True(pool.TryTake(out _) && pool.TryTake(out _), "two spares are taken");
        await Task.Delay(WalSparePool.IdleCheckInterval * 1.5, TestContext.Current.CancellationToken);
        Assert.True(pool.ReadyCount == 1, $"while the log writes, one ready spare is enough: {pool.ReadyCount} ready");
        Assert.True(pool.TryTake(out _), "the last spare is taken");
        await WaitUntil(() => pool.ReadyCount == 1, "with none left, one is laid out even while the log writes");
        await Task.Delay(WalSparePool.IdleCheckInterval * 1.5, TestContext.Current.CancellationToken);
        Assert.True(pool.ReadyCount == 1, $"and no more than one: {pool.ReadyCount} ready");

        Volatile.Write(ref busy, false);
        await WaitUntil(() => pool.ReadyCount == 3, "once the log is idle the pool tops up to its target");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASpareIsLaidOutFullSizeAndAllZerosBufferedOrWithODirect(bool direct)
    {
        const long FileSize = 5 << 20; // not a multiple of the 2 MiB layout chunk: the last chunk is short
        Directory.CreateDirectory(_directory);
        if (direct)
        {
            Assert.SkipUnless(DirectFile.IsSupportedIn(_directory, out var reason), reason ?? "");
        }
        using (var pool = new WalSparePool(_directory, FileSize, targetCount: 1, isLogBusy: () => false, direct))
        {
            pool.Start();
            await WaitUntil(() => pool.ReadyCount == 1, "the spare is laid out");
            Assert.True(pool.LastError is null, $"no layout error: {pool.LastError}");
        }
        var spare = Assert.Single(Directory.GetFiles(_directory, WalSparePool.FreePrefix + "*.log"));
        var bytes = await File.ReadAllBytesAsync(spare, TestContext.Current.CancellationToken);
        Assert.True(bytes.Length == FileSize, "the spare is full size");
        Assert.True(bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0, "the spare holds only zeros");
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            try
            {
                await Task.Delay(10, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out waiting: {what}");
            }
        }
    }
}
