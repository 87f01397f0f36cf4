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

    [Fact]
    public void ManagedFlushLeavesTheCallersHandleOpen()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pravega-fsync-{Guid.NewGuid():N}");
        try
        {
            using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
            RandomAccess.Write(handle, "a"u8, 0);
            FileSync.ManagedFlush(handle);
            Assert.False(handle.IsClosed, "the flush closed the caller's handle");
            RandomAccess.Write(handle, "b"u8, 1);
            FileSync.DataSync(handle);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void SyncDirectorySucceedsOnADirectoryAndFailsClearlyOnAMissingOne()
    {
        var dir = Directory.CreateTempSubdirectory("pravega-dirsync-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "name"), "x");
            FileSync.SyncDirectory(dir);
            if (OperatingSystem.IsLinux())
            {
                var e = Assert.Throws<IOException>(() => FileSync.SyncDirectory(Path.Combine(dir, "missing")));
                Assert.Contains("missing", e.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
