namespace Pravega.Perf.Wire.Appends;

/// <summary>A block size that never changes (0 = every event is its own block).</summary>
public sealed class FixedAppendBlockSize : IAppendBlockSizeSource
{
    public FixedAppendBlockSize(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Size = size;
    }

    public int Size { get; }

    public int GetAppendBlockSize() => Size;
}
