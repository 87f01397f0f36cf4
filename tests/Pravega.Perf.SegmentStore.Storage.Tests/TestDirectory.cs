namespace Pravega.Perf.SegmentStore.Storage.Tests;

/// <summary>A fresh directory under the temp folder, deleted on dispose.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pravega-tier2-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Chunks => System.IO.Path.Combine(Path, "chunks");

    public string[] ChunkFiles() => Directory.Exists(Chunks) ? [.. Directory.GetFiles(Chunks).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!] : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
