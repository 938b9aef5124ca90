// HTTP binding of the media library: uploads and the list for editors, and the images
// themselves at /media/{key}/{original|large|thumb}.
#include "http/reply.hpp"
#include "portal/portal_json.hpp"
#include "portal/roles.hpp"
#include "portal/routes.hpp"

namespace qorgan::portal {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

void mount_media_routes(http::Router& router, const auth::Guard& guard, Portal& p) {
  const std::vector<Role>& editors = kEditors;
  // The body is the image itself; alt and caption come in the query.
  router.add("POST", "/api/v1/editor/media",
             guard.api(editors,
                       [&p](Request& req, const Principal& who) {
                         auto r = p.media.upload(who, auth::actor(req, who), req.body,
                                                 req.query_param("alt").value_or(""),
                                                 req.query_param("caption").value_or(""));
                         return http::reply(req, r, media_json, 201);
                       }),
             http::Cost::heavy);
  router.add("GET", "/api/v1/editor/media", guard.api(editors, [&p](Request&, const Principal&) {
    return Response::json(media_list_json(p.media.recent(200)));
  }));
  // Unpublished media (no published article shows it) only for editors, and never kept by caches;
  // to everyone else it does not exist.
  router.add("GET", "/media/{key}/{variant}", [&p, &guard](Request& req) {
    auto who = guard.identify(req);
    bool editor = who && is_editor(*who);
    auto file = p.media.file(req.params["key"], req.params["variant"], editor);
    if (!file) return http::problem(req, core::Error::not_found("No such image."));
    bool published = file->published;
    auto r = Response::text(std::move(file->data), file->mime);
    r.header("Cache-Control", published ? "public, max-age=86400" : "private, no-store");
    return r;
  });
}

}  // namespace qorgan::portal
