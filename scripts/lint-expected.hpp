// Used by scripts/lint and by the fuzz build (QORGAN_FUZZ, clang 14), never by the GCC build that
// is shipped. Debian bookworm's clang 14 cannot use libstdc++ 12's <expected>: libstdc++ offers
// std::expected only to compilers that announce C++20 concepts in full (__cpp_concepts >=
// 202002L, with conditionally trivial special members, P0848), which Clang does from version 16
// on. Without std::expected clang-tidy would stop at errors in every file and the harnesses
// would not compile, so both force-include this header, which declares a small std::expected /
// std::unexpected with the members Qorgan uses. GCC never sees it.
#pragma once
#include <version>

#if defined(__clang__) && !defined(__cpp_lib_expected)
#include <exception>
#include <initializer_list>
#include <type_traits>
#include <utility>
#include <variant>

namespace std {

template <class E>
class unexpected {
 public:
  template <class Err = E>
  requires(!is_same_v<remove_cvref_t<Err>, unexpected> &&
           is_constructible_v<E, Err>) constexpr explicit unexpected(Err&& e)
      : error_(std::forward<Err>(e)) {}
  template <class... Args>
  constexpr explicit unexpected(in_place_t, Args&&... args) : error_(std::forward<Args>(args)...) {}

  constexpr const E& error() const& noexcept { return error_; }
  constexpr E& error() & noexcept { return error_; }
  constexpr E&& error() && noexcept { return std::move(error_); }
  constexpr const E&& error() const&& noexcept { return std::move(error_); }

  template <class G>
  friend constexpr bool operator==(const unexpected& x, const unexpected<G>& y) {
    return x.error() == y.error();
  }

 private:
  E error_;
};
template <class E>
unexpected(E) -> unexpected<E>;

struct unexpect_t {
  explicit unexpect_t() = default;
};
inline constexpr unexpect_t unexpect{};

template <class E>
class bad_expected_access : public exception {
 public:
  explicit bad_expected_access(E e) : error_(std::move(e)) {}
  const char* what() const noexcept override {
    return "bad access to std::expected without expected value";
  }
  const E& error() const& noexcept { return error_; }

 private:
  E error_;
};

template <class T, class E>
class expected {
 public:
  using value_type = T;
  using error_type = E;
  using unexpected_type = unexpected<E>;

  constexpr expected() requires is_default_constructible_v<T> : v_(in_place_index<0>) {}
  template <class U = T>
  requires(!is_same_v<remove_cvref_t<U>, in_place_t> && !is_same_v<remove_cvref_t<U>, expected> &&
           !is_same_v<remove_cvref_t<U>, unexpect_t> &&
           is_constructible_v<T, U>) constexpr expected(U&& v)
      : v_(in_place_index<0>, std::forward<U>(v)) {}
  template <class G>
  requires is_constructible_v<E, const G&>
  constexpr expected(const unexpected<G>& e) : v_(in_place_index<1>, e.error()) {}
  template <class G>
  requires is_constructible_v<E, G>
  constexpr expected(unexpected<G>&& e) : v_(in_place_index<1>, std::move(e).error()) {}
  template <class... Args>
  constexpr explicit expected(in_place_t, Args&&... args)
      : v_(in_place_index<0>, std::forward<Args>(args)...) {}
  template <class... Args>
  constexpr explicit expected(unexpect_t, Args&&... args)
      : v_(in_place_index<1>, std::forward<Args>(args)...) {}

  constexpr bool has_value() const noexcept { return v_.index() == 0; }
  constexpr explicit operator bool() const noexcept { return has_value(); }

  constexpr const T* operator->() const noexcept { return &std::get<0>(v_); }
  constexpr T* operator->() noexcept { return &std::get<0>(v_); }
  constexpr const T& operator*() const& noexcept { return std::get<0>(v_); }
  constexpr T& operator*() & noexcept { return std::get<0>(v_); }
  constexpr T&& operator*() && noexcept { return std::get<0>(std::move(v_)); }
  constexpr const T&& operator*() const&& noexcept { return std::get<0>(std::move(v_)); }

  constexpr const T& value() const& {
    check();
    return std::get<0>(v_);
  }
  constexpr T& value() & {
    check();
    return std::get<0>(v_);
  }
  constexpr T&& value() && {
    check();
    return std::get<0>(std::move(v_));
  }
  constexpr const T&& value() const&& {
    check();
    return std::get<0>(std::move(v_));
  }

  constexpr const E& error() const& noexcept { return std::get<1>(v_); }
  constexpr E& error() & noexcept { return std::get<1>(v_); }
  constexpr E&& error() && noexcept { return std::get<1>(std::move(v_)); }
  constexpr const E&& error() const&& noexcept { return std::get<1>(std::move(v_)); }

  template <class U>
  constexpr T value_or(U&& other) const& {
    return has_value() ? **this : static_cast<T>(std::forward<U>(other));
  }
  template <class U>
  constexpr T value_or(U&& other) && {
    return has_value() ? std::move(**this) : static_cast<T>(std::forward<U>(other));
  }

  template <class... Args>
  constexpr T& emplace(Args&&... args) {
    return v_.template emplace<0>(std::forward<Args>(args)...);
  }

 private:
  void check() const {
    if (!has_value()) throw bad_expected_access<E>(error());
  }
  // The error alternative is stored as E itself (index 1), so T and E may be the same type.
  variant<T, E> v_;
};

template <class E>
class expected<void, E> {
 public:
  using value_type = void;
  using error_type = E;
  using unexpected_type = unexpected<E>;

  constexpr expected() noexcept = default;
  template <class G>
  requires is_constructible_v<E, const G&>
  constexpr expected(const unexpected<G>& e) : has_error_(true), error_(e.error()) {}
  template <class G>
  requires is_constructible_v<E, G>
  constexpr expected(unexpected<G>&& e) : has_error_(true), error_(std::move(e).error()) {}
  constexpr explicit expected(in_place_t) noexcept {}
  template <class... Args>
  constexpr explicit expected(unexpect_t, Args&&... args)
      : has_error_(true), error_(std::forward<Args>(args)...) {}

  constexpr bool has_value() const noexcept { return !has_error_; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  constexpr void operator*() const noexcept {}
  constexpr void value() const {
    if (has_error_) throw bad_expected_access<E>(error_);
  }
  constexpr const E& error() const& noexcept { return error_; }
  constexpr E& error() & noexcept { return error_; }
  constexpr E&& error() && noexcept { return std::move(error_); }
  constexpr void emplace() noexcept { has_error_ = false; }

 private:
  bool has_error_ = false;
  E error_{};
};

}  // namespace std
#endif
