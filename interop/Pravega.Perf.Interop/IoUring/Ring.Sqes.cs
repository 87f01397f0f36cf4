namespace Pravega.Perf.Interop.IoUring;

// SQE filling: the only pointer code of the dispatcher, kept out of the async-capable parts of the type (CS4004).
public sealed partial class Ring
{
    private const int SqeIndexShift = 56;

    /// <summary>Copies an operation's SQEs into the ring (space was checked by the caller).</summary>
    private static unsafe void PrepareSqes(RingCore core, RingOperation operation)
    {
        for (var i = 0; i < operation.SqeCount; i++)
        {
            ref readonly var request = ref operation.Request(i);
            var sqe = core.TryGetSqe();
            sqe->Opcode = (byte)request.Opcode;
            sqe->Flags = request.Flags;
            sqe->Ioprio = request.Ioprio;
            sqe->Fd = request.Fd;
            sqe->Off = request.Offset;
            sqe->Addr = request.Address;
            sqe->Len = request.Length;
            sqe->OpFlags = request.OpFlags;
            sqe->BufIndex = request.BufIndex;
            sqe->UserData = operation.UserData | ((ulong)i << SqeIndexShift);
        }
    }

    private unsafe void PrepareCancel(RingCore core, ulong target)
    {
        var sqe = core.TryGetSqe();
        sqe->Opcode = (byte)RingOpcode.AsyncCancel;
        sqe->Fd = -1;
        sqe->Addr = target; // IORING_OP_ASYNC_CANCEL matches on user_data (cancel_flags 0: the first match)
        sqe->UserData = CancelUserData;
        _inFlightCqes++;
    }

    private unsafe void ArmWake()
    {
        var core = _core!;
        if (!EnsureSqes(core, 1) || _inFlightCqes >= core.CqEntries)
        {
            return;
        }
        var sqe = core.TryGetSqe();
        sqe->Opcode = (byte)RingOpcode.Read;
        sqe->Fd = _wake!.Fd;
        sqe->Addr = (ulong)_wake.CounterAddress;
        sqe->Len = sizeof(ulong);
        sqe->Off = ulong.MaxValue; // -1: "current position", what a non-seekable fd needs
        sqe->UserData = WakeUserData;
        _inFlightCqes++;
        _wakeArmed = true;
    }
}
