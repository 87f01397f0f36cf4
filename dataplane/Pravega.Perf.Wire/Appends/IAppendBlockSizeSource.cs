namespace Pravega.Perf.Wire.Appends;

/// <summary>
/// Supplies the size of the next append block (Pravega's <c>AppendBatchSizeTracker.getAppendBlockSize</c>): an
/// estimate of the bytes that will arrive while the block is open; 0 turns batching off. The client's adaptive
/// tracker implements this; <see cref="FixedAppendBlockSize"/> is the constant one.
/// </summary>
public interface IAppendBlockSizeSource
{
    int GetAppendBlockSize();
}
