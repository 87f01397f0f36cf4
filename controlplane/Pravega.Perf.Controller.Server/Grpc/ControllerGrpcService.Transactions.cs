using Grpc.Core;
using Pravega.Perf.Common;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Transactions;

namespace Pravega.Perf.Controller.Server.Grpc;

/// <summary>Transactions: Pravega's statuses for expected outcomes; a lease out of range or a missing id is INVALID_ARGUMENT.</summary>
internal sealed partial class ControllerGrpcService
{
    public override async Task<CreateTxnResponse> createTransaction(CreateTxnRequest request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var result = await runtime.Transactions.CreateAsync(scope, stream, request.Lease, context.CancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw RpcArguments.Failed(result.Status, result.Message);
        }
        var response = new CreateTxnResponse { TxnId = ToProto(result.Value!.Record.Id), DelegationToken = string.Empty };
        response.ActiveSegments.AddRange(result.Value.Segments.Select(s => ProtoMapping.ToProto(scope, stream, s)));
        return response;
    }

    public override async Task<Contracts.V1.TxnStatus> commitTransaction(TxnRequest request, ServerCallContext context)
    {
        var (scope, stream, id) = TransactionOf(request);
        var result = await runtime.Transactions.CommitAsync(scope, stream, id, request.WriterId, request.Timestamp, context.CancellationToken)
            .ConfigureAwait(false);
        return ToProto(result.Status);
    }

    public override async Task<Contracts.V1.TxnStatus> abortTransaction(TxnRequest request, ServerCallContext context)
    {
        var (scope, stream, id) = TransactionOf(request);
        return ToProto((await runtime.Transactions.AbortAsync(scope, stream, id, context.CancellationToken).ConfigureAwait(false)).Status);
    }

    public override async Task<PingTxnStatus> pingTransaction(PingTxnRequest request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var id = IdOf(request.TxnId);
        var result = await runtime.Transactions.PingAsync(scope, stream, id, request.Lease, context.CancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw RpcArguments.Failed(result.Status, result.Message);
        }
        return new PingTxnStatus
        {
            Status = result.Value switch
            {
                PingOutcome.Ok => PingTxnStatus.Types.Status.Ok,
                PingOutcome.LeaseTooLarge => PingTxnStatus.Types.Status.LeaseTooLarge,
                PingOutcome.MaxExecutionTimeExceeded => PingTxnStatus.Types.Status.MaxExecutionTimeExceeded,
                PingOutcome.Committed => PingTxnStatus.Types.Status.Committed,
                PingOutcome.Aborted => PingTxnStatus.Types.Status.Aborted,
                _ => PingTxnStatus.Types.Status.Unknown,
            },
        };
    }

    public override async Task<TxnState> checkTransactionState(TxnRequest request, ServerCallContext context)
    {
        var (scope, stream, id) = TransactionOf(request);
        var status = await runtime.Transactions.GetStatusAsync(scope, stream, id, context.CancellationToken).ConfigureAwait(false);
        return new TxnState
        {
            State = status switch
            {
                TransactionStatus.Open => TxnState.Types.State.Open,
                TransactionStatus.Committing => TxnState.Types.State.Committing,
                TransactionStatus.Committed => TxnState.Types.State.Committed,
                TransactionStatus.Aborting => TxnState.Types.State.Aborting,
                TransactionStatus.Aborted => TxnState.Types.State.Aborted,
                _ => TxnState.Types.State.Unknown,
            },
        };
    }

    public override async Task<ListCompletedTxnResponse> listCompletedTransactions(ListCompletedTxnRequest request, ServerCallContext context)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        var result = await runtime.Transactions.ListCompletedAsync(scope, stream, context.CancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw RpcArguments.Failed(result.Status, result.Message);
        }
        var response = new ListCompletedTxnResponse();
        response.Response.AddRange(result.Value!.Select(r => new TxnResponse
        {
            TxnId = ToProto(r.Id),
            Status = r.Status == TransactionStatus.Committed ? TxnResponse.Types.Status.Committed : TxnResponse.Types.Status.Aborted,
        }));
        return response;
    }

    private static (string Scope, string Stream, Uuid Id) TransactionOf(TxnRequest request)
    {
        var (scope, stream) = RpcArguments.Stream(request.StreamInfo);
        return (scope, stream, IdOf(request.TxnId));
    }

    private static Uuid IdOf(TxnId? id) => id is null ? throw RpcArguments.Invalid("txnId is required") : new Uuid(id.HighBits, id.LowBits);

    private static TxnId ToProto(Uuid id) => new() { HighBits = id.Msb, LowBits = id.Lsb };

    private static Contracts.V1.TxnStatus ToProto(OperationStatus status) => new()
    {
        Status = status switch
        {
            OperationStatus.Success => Contracts.V1.TxnStatus.Types.Status.Success,
            OperationStatus.StreamNotFound => Contracts.V1.TxnStatus.Types.Status.StreamNotFound,
            OperationStatus.TransactionNotFound => Contracts.V1.TxnStatus.Types.Status.TransactionNotFound,
            _ => Contracts.V1.TxnStatus.Types.Status.Failure,
        },
    };
}
