using Pravega.Perf.Interop.Files;
using Pravega.Perf.Interop.IoUring;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Wal;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

/// <summary>How the store picks its WAL device (Auto / Managed / IoUring / Direct) and that a store runs on each.</summary>
public sealed class WalBackendChoiceTests : IDisposable
{
    private const string Tmpfs = "/dev/shm";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wal-backend-" + Guid.NewGuid().ToString("N"));
    private readonly string _tmpfsDirectory = Path.Combine(Tmpfs, "wal-backend-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        foreach (var directory in new[] { _directory, _tmpfsDirectory })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void ManagedIsManagedWhateverTheMachineSupports()
    {
        var choice = WalBackendChoice.Resolve(WalBackend.Managed, _directory);
        Assert.Equal(new WalBackendChoice(WalBackend.Managed, "WAL: managed (configured)"), choice);
    }

    [Fact]
    public void AutoChoosesDirectOnADiskThatAcceptsODirectAndSaysWhyOtherwise()
    {
        var choice = WalBackendChoice.Resolve(WalBackend.Auto, _directory);
        if (DirectFile.IsSupportedIn(_directory, out var reason))
        {
            // The temp directory of this machine class is on ext4: O_DIRECT works there.
            Assert.Equal(new WalBackendChoice(WalBackend.Direct, "WAL: O_DIRECT (synchronous, no ring)"), choice);
        }
        else
        {
            Assert.True(choice.Backend == WalBackend.Managed, "no O_DIRECT: managed");
            Assert.True(choice.Description.Contains(reason!, StringComparison.Ordinal), $"the reason is reported: {choice.Description}");
        }
    }

    [Fact]
    public void AutoFallsBackToManagedAndReportsWhyWhenODirectIsUnavailable()
    {
        // What an O_DIRECT probe failure reports; io_uring plays no part in Auto's choice.
        var choice = WalBackendChoice.Decide(WalBackend.Auto, "O_DIRECT refused in /x: EINVAL");
        Assert.Equal(new WalBackendChoice(WalBackend.Managed, "WAL: managed (O_DIRECT refused in /x: EINVAL)"), choice);
        Assert.Equal(new WalBackendChoice(WalBackend.Direct, "WAL: O_DIRECT (synchronous, no ring)"),
            WalBackendChoice.Decide(WalBackend.Auto, unavailableReason: null));
    }

    [Fact]
    public void ForcingIoUringWhereItCannotWorkFailsInsteadOfSilentlyRunningManaged()
    {
        var error = Assert.Throws<NotSupportedException>(() =>
            WalBackendChoice.Decide(WalBackend.IoUring, "O_DIRECT refused in /x: EINVAL"));
        Assert.Contains("O_DIRECT refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADataDirectoryOnTmpfsPassesTheODirectProbeOnKernelsFrom66()
    {
        Assert.SkipUnless(Directory.Exists(Tmpfs), "needs a tmpfs at /dev/shm");
        Assert.SkipUnless(Environment.OSVersion.Version >= new Version(6, 6), "tmpfs gained O_DIRECT in Linux 6.6");
        // The probe, not a file-system name, decides: tmpfs writes O_DIRECT fine here (durability is not its business).
        Assert.True(WalBackendChoice.Resolve(WalBackend.Auto, _tmpfsDirectory).Backend == WalBackend.Direct,
            "tmpfs on 6.6+ accepts O_DIRECT");
    }

    [Fact]
    public void DirectNeedsOnlyODirectAndFailsLoudlyWithoutIt()
    {
        Assert.Equal(new WalBackendChoice(WalBackend.Direct, "WAL: O_DIRECT (synchronous, no ring)"),
            WalBackendChoice.Decide(WalBackend.Direct, unavailableReason: null));
        var error = Assert.Throws<NotSupportedException>(() =>
            WalBackendChoice.Decide(WalBackend.Direct, "O_DIRECT refused in /x: EINVAL"));
        Assert.Contains("O_DIRECT refused", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WalBackend.Managed, WalBackend.IoUring)]
    [InlineData(WalBackend.IoUring, WalBackend.Managed)]
    [InlineData(WalBackend.Direct, WalBackend.Managed)]
    [InlineData(WalBackend.IoUring, WalBackend.Direct)]
    public async Task AStoreRecoversOnOneBackEndWhatItWroteOnTheOther(WalBackend first, WalBackend second)
    {
        Assert.SkipUnless(Ring.IsSupported || (first != WalBackend.IoUring && second != WalBackend.IoUring),
            $"io_uring is not usable here: {Ring.UnsupportedReason}");
        var payloads = Enumerable.Range(1, 20).Select(i => Bytes(1000 + i, i)).ToList();
        await using (var store = await SegmentStoreService.StartAsync(Options(first), Ct))
        {
            Assert.True(store.WalBackend.Backend == first, $"the store runs on {first}: {store.WalBackend}");
            await store.CreateSegmentAsync("s/a/0", SegmentType.StreamSegment, [], Ct);
            await Task.WhenAll(payloads.Select(p => store.AppendAsync("s/a/0", Data(p), WriterUpdate.None, -1, Ct).AsTask()));
        }
        await using var recovered = await SegmentStoreService.StartAsync(Options(second), Ct);
        Assert.True(recovered.WalBackend.Backend == second, $"the store runs on {second}");
        var info = await recovered.GetSegmentInfoAsync("s/a/0", Ct);
        Assert.True(info.Length == payloads.Sum(p => p.Length), "every acknowledged byte is back");
        Assert.Equal(info.Length + 3, await recovered.AppendAsync("s/a/0", Data(Bytes(3, 99)), WriterUpdate.None, -1, Ct));
    }

    private SegmentStoreOptions Options(WalBackend backend) => new()
    {
        DataDirectory = _directory,
        ContainerCount = 2,
        CacheSizeBytes = 32L << 20,
        CacheBlockSize = 4096,
        WalFileSize = 256 * 1024,
        MaxFrameSize = 64 * 1024,
        MaxOperationSize = 128 * 1024,
        WalBackend = backend,
    };
}
