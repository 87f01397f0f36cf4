using Pravega.Perf.Interop.Files;

namespace Pravega.Perf.Interop.Tests;

public sealed class FileSyncTests
{
    [Fact]
    public void DataSyncSucceedsOnAWrittenFileAndTheDataReadsBack()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pravega-fsync-{Guid.NewGuid():N}");
        try
        {
            using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                RandomAccess.Write(handle, "durable"u8, 0);
                FileSync.DataSync(handle);
                FileSync.ManagedFlush(handle);
            }
            Assert.Equal("durable"u8.ToArray(), File.ReadAllBytes(path));
            Assert.Equal(OperatingSystem.IsLinux(), FileSync.UsesFDataSync);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DataSyncOnAClosedHandleFailsWithAnError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pravega-fsync-{Guid.NewGuid():N}");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        handle.Dispose();
        Assert.ThrowsAny<Exception>(() => FileSync.DataSync(handle));
    }
}
