using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Who is asking, for the audit log: the authenticated token, the request id and the caller's address.</summary>
public static class ChangeContexts
{
    public static ChangeContext From(HttpContext http)
    {
        var token = (AdminTokenInfo)http.Items[typeof(AdminTokenInfo)]!;
        return new ChangeContext(token.TokenId, token.Name, http.TraceIdentifier, http.Connection.RemoteIpAddress?.ToString());
    }
}
