// zoom::Box: a nullable owner with value semantics, usable as a member of its own type.
#include "catch_printers.hpp"

#include <zoom/box.hpp>

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace box_test {

// Box<Tree> is declared while Tree is incomplete.
struct Tree {
  std::string name;
  zoom::Box<Tree> left;
  zoom::Box<Tree> right;
  std::vector<Tree> more;
  friend bool operator==(const Tree&, const Tree&) = default;
};

}  // namespace box_test

using box_test::Tree;

namespace {

Tree node(std::string name, zoom::Box<Tree> left = {}, zoom::Box<Tree> right = {}, std::vector<Tree> more = {}) {
  return Tree{std::move(name), std::move(left), std::move(right), std::move(more)};
}

}  // namespace

TEST_CASE("A Box is empty until given a value", "[box]") {
  zoom::Box<std::string> box;
  CHECK_FALSE(box.has_value());
  CHECK_FALSE(box);
  CHECK_THROWS_AS(box.value(), std::bad_optional_access);
  CHECK_THROWS_AS(std::as_const(box).value(), std::bad_optional_access);
  CHECK(box.emplace(3, 'x') == "xxx");
  CHECK(box.has_value());
  CHECK(*box == "xxx");
  CHECK(box->size() == 3);
  CHECK(box.value() == "xxx");
  box.reset();
  CHECK_FALSE(box);
  box = std::string{"moved in"};  // implicit from T
  CHECK(*box == "moved in");
  const std::string copied = "copied in";
  box = copied;
  CHECK(*box == "copied in");
  static_assert(std::is_nothrow_move_constructible_v<zoom::Box<Tree>>);
  static_assert(std::is_nothrow_move_assignable_v<zoom::Box<Tree>>);
  static_assert(std::is_copy_constructible_v<zoom::Box<Tree>>);
}

TEST_CASE("Copies of a Box are deep; moves leave it empty", "[box]") {
  Tree tree = node("root", node("l", {}, node("lr")), {}, {node("m", node("ml"))});
  Tree copy = tree;
  CHECK(copy == tree);
  copy.left->right->name = "changed";
  copy.more[0].left->name = "changed too";
  copy.left->left = node("added");
  CHECK(tree.left->right->name == "lr");
  CHECK(tree.more[0].left->name == "ml");
  CHECK_FALSE(tree.left->left);
  CHECK_FALSE(copy == tree);

  Tree assigned = node("");
  assigned = tree;
  CHECK(assigned == tree);
  assigned.left->name = "x";
  CHECK(tree.left->name == "l");
  assigned.left = assigned.left;  // self-assignment keeps the value
  CHECK(assigned.left->name == "x");

  zoom::Box<Tree> box = tree;
  const Tree* held = &*box;
  zoom::Box<Tree> moved = std::move(box);
  CHECK(&*moved == held);  // the value itself moved, not a copy
  CHECK_FALSE(box);        // NOLINT(bugprone-use-after-move): documented to be empty
  box = std::move(moved);
  CHECK(&*box == held);
  CHECK_FALSE(moved);  // NOLINT(bugprone-use-after-move)
}

TEST_CASE("Boxes compare by value", "[box]") {
  CHECK(zoom::Box<int>{} == zoom::Box<int>{});
  CHECK_FALSE(zoom::Box<int>{1} == zoom::Box<int>{});
  CHECK_FALSE(zoom::Box<int>{} == zoom::Box<int>{1});
  CHECK(zoom::Box<int>{1} == zoom::Box<int>{1});
  CHECK(zoom::Box<int>{1} != zoom::Box<int>{2});
  CHECK(node("a", node("b")) == node("a", node("b")));
  CHECK(node("a", node("b")) != node("a", node("c")));
  CHECK(node("a", node("b")) != node("a", {}, node("b")));
  CHECK(node("a", {}, {}, {node("b")}) != node("a", {}, {}, {node("b", node("c"))}));
}
