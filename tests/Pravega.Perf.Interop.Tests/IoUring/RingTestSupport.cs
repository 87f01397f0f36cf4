using Pravega.Perf.Interop.IoUring;

namespace Pravega.Perf.Interop.Tests.IoUring;

internal static class RingTestSupport
{
    /// <summary>Skips (with the reason) where io_uring is unavailable; on Linux 6.x machines it runs.</summary>
    public static void RequireIoUring() =>
        Assert.SkipUnless(Ring.IsSupported, $"io_uring is not usable here: {Ring.UnsupportedReason}");

    public static string TempFile(string name) =>
        Path.Combine(Path.GetTempPath(), $"pravega-ring-{name}-{Guid.NewGuid():N}");

    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
