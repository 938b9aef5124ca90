#pragma once
// The portal's services, built once by app/ and shared by the routes, the pages, the demo loader
// and tests. Background work (the scheduler and the view counter's flushes) runs only between
// start() and stop(); the destructor stops it, writing pending views.
#include <memory>

#include "portal/articles.hpp"
#include "portal/categories.hpp"
#include "portal/changes.hpp"
#include "portal/media.hpp"
#include "portal/reader.hpp"
#include "portal/scheduler.hpp"
#include "portal/search_index.hpp"
#include "portal/settings.hpp"
#include "portal/view_counter.hpp"
#include "storage/database.hpp"

namespace qorgan::portal {

struct Portal {
  explicit Portal(storage::Database& db)
      : index(SearchIndex::for_engine(db.engine())),
        categories(db, changes),
        articles(db, *index, changes),
        reader(db, *index),
        settings(db, changes),
        media(db),
        views(db),
        scheduler(articles) {}
  ~Portal() { stop(); }
  Portal(const Portal&) = delete;
  Portal& operator=(const Portal&) = delete;

  void start() {
    scheduler.start();
    views.start();
  }
  void stop() {
    views.stop();
    scheduler.stop();
  }

  Changes changes;  // first: every service below tells it what changed
  std::unique_ptr<SearchIndex> index;
  Categories categories;
  Articles articles;
  Reader reader;
  Settings settings;
  Media media;
  ViewCounter views;
  Scheduler scheduler;
};

}  // namespace qorgan::portal
