using Azure;
using Azure.Data.Tables;
using Azure.Identity;

namespace FlagGrains.Clustering.AzureStorage;

/// <summary>
/// Does, once and within a deadline, every kind of table operation a silo's membership needs: create the table if
/// it is missing, write, read and delete a row. Orleans would otherwise find a bad setting only inside its own
/// start, after the SDK's retries, as a stack trace.
/// </summary>
public static class MembershipTableCheck
{
    /// <summary>A partition no cluster uses (cluster ids are partitions), so the probe row never joins a membership view.</summary>
    private const string ProbePartition = "flaggrains-startup-check";

    /// <summary>Null when the table service allowed every operation; otherwise one line saying what is wrong.</summary>
    public static async Task<string?> ProblemAsync(AzureStorageMembershipOptions options, TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        if (options.Problems() is { Count: > 0 } problems) return string.Join(" ", problems);

        var service = MembershipTableService.Create(options);
        var where = $"the Azure table service at {MembershipTableService.Endpoint(service)}";
        var setting = AzureStorageMembershipOptions.Section + (options.ServiceUri is null ? ":ConnectionString" : ":ServiceUri");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        var step = "create the table";
        try
        {
            var table = service.GetTableClient(options.TableName);
            await table.CreateIfNotExistsAsync(timeout.Token);

            var probe = new TableEntity(ProbePartition, $"{Environment.MachineName}-{Guid.NewGuid():N}");
            step = "write a row";
            await table.UpsertEntityAsync(probe, TableUpdateMode.Replace, timeout.Token);
            step = "read a row";
            await table.GetEntityAsync<TableEntity>(probe.PartitionKey, probe.RowKey, cancellationToken: timeout.Token);
            step = "delete a row";
            await table.DeleteEntityAsync(probe.PartitionKey, probe.RowKey, ETag.All, timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return $"{where} did not answer within {deadline.TotalSeconds:0} s (trying to {step} '{options.TableName}'); check {setting} and that this host can reach the endpoint.";
        }
        catch (Exception ex) when (LastAttempt(ex) is RequestFailedException failed)
        {
            return Describe(failed, where, $"{step} '{options.TableName}'", setting);
        }
        catch (AuthenticationFailedException ex)
        {
            return $"no Azure credential could be obtained for {where} (DefaultAzureCredential: {OneLine(ex.Message)}); give this host a managed identity or a login, or set {AzureStorageMembershipOptions.Section}:ConnectionString.";
        }
    }

    private static string Describe(RequestFailedException failed, string where, string action, string setting)
    {
        if (failed.Status == 0)
        {
            // No HTTP answer at all: refused connection, unknown host, TLS failure.
            return $"{where} is unreachable ({OneLine(failed.InnerException?.Message ?? failed.Message)}); check {setting} and that this host can reach the endpoint.";
        }

        var code = ErrorCode(failed);
        return (failed.Status, code) switch
        {
            (401, _) or (403, "AuthenticationFailed" or "AuthorizationFailure") =>
                $"{where} rejected the credentials while trying to {action} ({failed.Status} {code}); check the account name and key or SAS in {setting}.",
            (403, _) =>
                $"the credentials in {setting} may not {action} ({failed.Status} {code}); membership needs to create its table and to read, add, update and delete rows in it.",
            _ => $"{where} refused to {action} ({failed.Status} {code}: {OneLine(failed.Message)}).",
        };
    }

    /// <summary>The SDK reports exhausted retries as an AggregateException of every attempt; the last one is the verdict.</summary>
    private static Exception LastAttempt(Exception ex) => ex is AggregateException { InnerExceptions.Count: > 0 } all ? all.InnerExceptions[^1] : ex;

    /// <summary>The service's error code; some answers (Azurite's XML ones) carry it in the header only.</summary>
    private static string ErrorCode(RequestFailedException failed) =>
        failed.ErrorCode is { Length: > 0 } code ? code
        : failed.GetRawResponse()?.Headers.TryGetValue("x-ms-error-code", out var header) == true ? header ?? ""
        : "";

    /// <summary>SDK messages span lines (status, headers, content); a refusal is one log line.</summary>
    private static string OneLine(string message)
    {
        var first = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return first.Length <= 300 ? first : first[..300] + "…";
    }
}
