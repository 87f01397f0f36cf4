using Pravega.Perf.SegmentStore.Storage.FileSystem;

namespace Pravega.Perf.SegmentStore.Storage.Tests.FileSystem;

public sealed class ChunkWriteModeChoiceTests
{
    [Fact]
    public void AutoIsDirectWhereTheProbePassesAndBufferedWithTheReasonWhereItFails()
    {
        var direct = ChunkWriteModeChoice.Decide(ChunkWriteMode.Auto, directUnavailable: null);
        Assert.True(direct.Mode == ChunkWriteMode.Direct && direct.Description.Contains("O_DIRECT", StringComparison.Ordinal), direct.ToString());
        var buffered = ChunkWriteModeChoice.Decide(ChunkWriteMode.Auto, "O_DIRECT refused in /x: EINVAL");
        Assert.True(buffered.Mode == ChunkWriteMode.Buffered && buffered.Description.Contains("EINVAL", StringComparison.Ordinal), buffered.ToString());
    }

    [Fact]
    public void AnExplicitDirectThatCannotWorkFailsAndBufferedIsNeverProbed()
    {
        var e = Assert.Throws<NotSupportedException>(() => ChunkWriteModeChoice.Decide(ChunkWriteMode.Direct, "tmpfs said no"));
        Assert.Contains("tmpfs said no", e.Message, StringComparison.Ordinal);
        var buffered = ChunkWriteModeChoice.Resolve(ChunkWriteMode.Buffered, "/nonexistent/never/probed");
        Assert.True(buffered.Mode == ChunkWriteMode.Buffered && !Directory.Exists("/nonexistent/never/probed"), buffered.ToString());
    }
}
