using Grpc.Core;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Controller.Server.Grpc;

/// <summary>
/// The RPCs of the next controller issue (transactions, watermarks, key-value tables, bucket ownership). They exist so
/// that every method of Pravega's service is served, and answer UNIMPLEMENTED with a message that says what is missing
/// (README.md lists them).
/// </summary>
internal sealed partial class ControllerGrpcService
{
    private const string Transactions = "transactions are not implemented yet in Pravega.Perf (they arrive with the controller's transaction issue)";
    private const string KeyValueTables = "key-value tables are not implemented yet in Pravega.Perf's controller (they arrive with its key-value table issue)";

    public override Task<CreateTxnResponse> createTransaction(CreateTxnRequest request, ServerCallContext context) => throw NotYet(Transactions);

    public override Task<TxnStatus> commitTransaction(TxnRequest request, ServerCallContext context) => throw NotYet(Transactions);

    public override Task<TxnStatus> abortTransaction(TxnRequest request, ServerCallContext context) => throw NotYet(Transactions);

    public override Task<PingTxnStatus> pingTransaction(PingTxnRequest request, ServerCallContext context) => throw NotYet(Transactions);

    public override Task<TxnState> checkTransactionState(TxnRequest request, ServerCallContext context) => throw NotYet(Transactions);

    public override Task<ListCompletedTxnResponse> listCompletedTransactions(ListCompletedTxnRequest request, ServerCallContext context) =>
        throw NotYet(Transactions);

    public override Task<CreateKeyValueTableStatus> createKeyValueTable(KeyValueTableConfig request, ServerCallContext context) => throw NotYet(KeyValueTables);

    public override Task<SegmentRanges> getCurrentSegmentsKeyValueTable(KeyValueTableInfo request, ServerCallContext context) => throw NotYet(KeyValueTables);

    public override Task<KVTablesInScopeResponse> listKeyValueTablesInScope(KVTablesInScopeRequest request, ServerCallContext context) =>
        throw NotYet(KeyValueTables);

    public override Task<KeyValueTableConfigResponse> getKeyValueTableConfiguration(KeyValueTableInfo request, ServerCallContext context) =>
        throw NotYet(KeyValueTables);

    public override Task<DeleteKVTableStatus> deleteKeyValueTable(KeyValueTableInfo request, ServerCallContext context) => throw NotYet(KeyValueTables);

    public override Task<ControllerToBucketMappingResponse> getControllerToBucketMapping(ControllerToBucketMappingRequest request, ServerCallContext context) =>
        throw NotYet("bucket ownership (retention and watermark services) arrives with the controller's retention and watermark issue");

    private static RpcException NotYet(string message) => new(new Status(StatusCode.Unimplemented, message));
}
